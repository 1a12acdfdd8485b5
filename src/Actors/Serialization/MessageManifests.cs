using EdgeLabel.Actors.Decisions;

namespace EdgeLabel.Actors.Serialization;

/// <summary>The one table of stable manifests: a type is serialized only if it is listed here, and a manifest
/// never changes once released (add a new ".v2" manifest instead), so renaming a class can't break recovery.</summary>
public static class MessageManifests
{
    private static readonly (Type Type, string Manifest)[] Entries =
    [
        (typeof(ImageDecided), "decisions.image-decided.v1"),
        (typeof(ImageQuarantined), "decisions.image-quarantined.v1"),
        (typeof(DecisionLedgerSnapshot), "decisions.ledger-snapshot.v1"),
        (typeof(Outbox.OutboxItemsEnqueued), "outbox.items-enqueued.v1"),
        (typeof(Outbox.OutboxItemsUploaded), "outbox.items-uploaded.v1"),
        (typeof(Outbox.OutboxItemsFailed), "outbox.items-failed.v1"),
        (typeof(Outbox.OutboxSpoolReleased), "outbox.spool-released.v1"),
        (typeof(Outbox.OutboxSnapshot), "outbox.snapshot.v1"),
        (typeof(Outbox.OutboxBytesDropped), "outbox.bytes-dropped.v1"),
    ];

    private static readonly Dictionary<Type, string> ByType = Entries.ToDictionary(e => e.Type, e => e.Manifest);
    private static readonly Dictionary<string, Type> ByManifest = Entries.ToDictionary(e => e.Manifest, e => e.Type, StringComparer.Ordinal);

    public static IReadOnlyCollection<Type> RegisteredTypes => ByType.Keys;

    public static bool TryGetManifest(Type type, out string manifest) => ByType.TryGetValue(type, out manifest!);

    public static bool TryGetType(string manifest, out Type type) => ByManifest.TryGetValue(manifest, out type!);
}
