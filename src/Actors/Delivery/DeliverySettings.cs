namespace EdgeLabel.Actors.Delivery;

/// <summary>Edge → cloud delivery (<c>edgelabel.delivery</c>): the project the site's records belong to and how they
/// are batched and re-sent.</summary>
public sealed record DeliverySettings(
    string Project, int BatchSize, int WindowBatches, TimeSpan ResendAfter, TimeSpan RetryRejectedAfter)
{
    public static readonly DeliverySettings Default = new("default", 200, 4, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    public int WindowRecords => BatchSize * WindowBatches;
}
