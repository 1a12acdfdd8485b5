using Amazon.Runtime;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.GroundTruth;
using EdgeLabel.GroundTruth.Client;

namespace EdgeLabel.Actors.Labeling;

/// <summary>The labeling-job client a cloud node uses: one client, two endpoints. By default its own embedded Ground
/// Truth service over HTTP (the node's URL, signed with the first key of the service's access keys); with
/// <c>backend = sagemaker</c>, Amazon SageMaker (region or endpoint from config, credentials from the AWS chain).</summary>
public static class LabelingBackend
{
    /// <summary>The client, or null and why not (the embedded backend is disabled or has no access key): the node then
    /// runs without labeling jobs instead of refusing to start.</summary>
    public static SageMakerLabelingClient? TryCreate(CloudSettings settings, out string? problem, Func<string, string?>? environment = null)
    {
        problem = null;
        if (settings.Labeling.Backend == LabelingBackendKind.Embedded && !settings.GroundTruth.Enabled)
        {
            problem = "the embedded Ground Truth service is disabled (edgelabel.cloud.ground-truth.enabled = off)";
            return null;
        }
        try
        {
            return Create(settings, environment);
        }
        catch (ConfigurationException e)
        {
            problem = e.Message;
            return null;
        }
    }

    public static SageMakerLabelingClient Create(CloudSettings settings, Func<string, string?>? environment = null)
    {
        var labeling = settings.Labeling;
        if (labeling.Backend == LabelingBackendKind.Sagemaker)
            return new SageMakerLabelingClient(new SageMakerClientOptions
            {
                Region = labeling.SageMakerRegion,
                ServiceUrl = labeling.SageMakerEndpoint is { } endpoint ? new Uri(endpoint) : null,
            });

        environment ??= Environment.GetEnvironmentVariable;
        var variable = settings.GroundTruth.AccessKeysEnv;
        var first = (environment(variable) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var colon = first?.IndexOf(':') ?? -1;
        if (first is null || colon <= 0 || colon == first.Length - 1)
            throw new ConfigurationException(variable, "the embedded labeling backend signs with the first 'AKID:SECRET' of this variable, and there is none");
        return new SageMakerLabelingClient(new SageMakerClientOptions
        {
            Region = settings.GroundTruth.Region,
            ServiceUrl = new Uri(settings.HttpUrl.TrimEnd('/') + "/"),
            Credentials = new BasicAWSCredentials(first[..colon], first[(colon + 1)..]),
        });
    }
}
