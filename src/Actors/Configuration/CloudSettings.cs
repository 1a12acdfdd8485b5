using EdgeLabel.Actors.Cluster;
using EdgeLabel.Actors.Datasets;
using EdgeLabel.Actors.GroundTruth;
using EdgeLabel.Actors.Labeling;
using EdgeLabel.Actors.Persistence;
using EdgeLabel.Actors.Upload;

namespace EdgeLabel.Actors.Configuration;

/// <summary>Everything a cloud node needs, bound from <c>edgelabel.cloud</c> and <c>edgelabel.cluster</c>.</summary>
public sealed record CloudSettings(
    string DataDirectory, string HttpUrl, string ExportDirectory, string AdminTokenFile, JournalSettings Journal,
    IReadOnlyDictionary<string, ProjectSettings> Projects, StoreSettings Store, ClusterSettings Cluster)
{
    /// <summary>The embedded Ground Truth service (<c>edgelabel.cloud.ground-truth</c>).</summary>
    public GroundTruthSettings GroundTruth { get; init; } = GroundTruthSettings.Default;

    /// <summary>How review and audit images become labeling jobs (<c>edgelabel.cloud.labeling</c>).</summary>
    public LabelingSettings Labeling { get; init; } = LabelingSettings.Default;

    /// <summary>A second, TLS listener for remote operators and labelers (<c>edgelabel.cloud.http.tls</c>); null: none.</summary>
    public TlsListenerSettings? Tls { get; init; }
}

/// <summary>An https:// URL Kestrel also listens on, with the server certificate and its unencrypted private key
/// as PEM files. The node's own clients keep using the plain loopback <see cref="CloudSettings.HttpUrl"/>.</summary>
public sealed record TlsListenerSettings(string Url, string CertificatePath, string KeyPath);
