using System.Text.Json;

namespace EdgeLabel.EndToEnd.Tests.Support;

/// <summary>GET /status as the tests read it (camelCase JSON of SiteStatus, DecisionSummary and OutboxStatus).</summary>
internal sealed record NodeStatus(SiteStatusJson Site, DecisionsJson Decisions)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public CameraJson Camera(string name) =>
        Site.Cameras.SingleOrDefault(c => c.Name == name) ?? throw new InvalidOperationException($"no camera '{name}' in /status");

    public override string ToString() =>
        $"decisions total={Decisions.Total} (auto={Decisions.AutoLabeled} review={Decisions.Review} audit={Decisions.Audit} quarantined={Decisions.Quarantined}), " +
        $"inFlight={Site.InFlight}, cameras: " + string.Join("; ", Site.Cameras.Select(c =>
            $"{c.Name} discovered={c.Discovered} admitted={c.Admitted} settled={c.Settled} decided={c.Decided} quarantined={c.Quarantined} " +
            $"already={c.AlreadyDecided} failed={c.Failed} exhausted={c.SourceExhausted} idle={c.Idle}"));
}

internal sealed record SiteStatusJson(string Site, IReadOnlyList<CameraJson> Cameras, int InFlight, int PeakInFlight, int MaxInFlight, bool Idle);

internal sealed record CameraJson(string Name, string Kind, long Discovered, long Admitted, long Settled, long Decided, long Quarantined,
    long AlreadyDecided, long Failed, bool SourceExhausted, string? LastError, bool Idle);

internal sealed record DecisionsJson(int AutoLabeled, int Review, int Audit, int Quarantined, IReadOnlyDictionary<string, int> QuarantineReasons, int Total);
