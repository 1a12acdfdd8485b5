using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EdgeLabel.Demo.Topology;

/// <summary>Writes the demo's node files: each holds only what differs from the shipped hocon/cloud.conf or
/// hocon/edge.conf (which every node loads underneath), with absolute paths so the files read the same from anywhere.</summary>
public static class HoconFiles
{
    public const string Host = "127.0.0.1";

    /// <summary>The embedded Ground Truth service's region (hocon/cloud.conf's default): SigV4 scopes must name it.</summary>
    public const string Region = "us-east-1";

    public static string Cloud(DemoLayout layout, string project, IReadOnlyList<string> labelCategories, IReadOnlyList<string> labelers,
        int httpPort, int clusterPort) =>
        $$"""
          # Written by edgelabel-demo for one run; see src/Demo. The admin token comes from EDGELABEL_ADMIN_TOKEN.
          edgelabel {
            cloud {
              data-dir = {{Q(layout.CloudData)}}
              http.url = {{Q($"http://{Host}:{httpPort}")}}
              export-dir = {{Q(layout.DatasetRoot)}}
              projects {
                {{project}} { label-categories = [{{string.Join(", ", labelCategories.Select(Q))}}] }
              }
              # The edges' object store: the report's thumbnails are read from it.
              store { kind = local, local-root = {{Q(layout.ObjectStore)}} }
              ground-truth.workforce.workers = [{{string.Join(", ", labelers.Select(Q))}}]
              # A small run: short batches and quick polls, so the labeling loop ends within seconds of the last review.
              labeling {
                max-batch-age = 3s
                poll-initial = 1s
                poll-max = 2s
              }
            }
            cluster {
              host = {{Q(Host)}}
              port = {{clusterPort}}
              seeds = [{{Q($"{Host}:{clusterPort}")}}]
            }
          }

          """;

    public static string Edge(DemoLayout layout, SiteSpec site, string project, int httpPort, int clusterPort, int cloudClusterPort)
    {
        var cameras = new StringBuilder();
        foreach (var camera in site.Cameras)
        {
            cameras.Append(camera switch
            {
                DirectoryCameraSpec d => $"      {d.Name} {{ type = directory, path = {Q(d.Path)}, extensions = [{string.Join(", ", d.Extensions)}] }}\n",
                VideoCameraSpec v => $"      {v.Name} {{ type = video, url = {Q(v.File)}, fps = {v.FramesPerSecond.ToString(CultureInfo.InvariantCulture)}, max-frames = {v.MaxFrames} }}\n",
                _ => throw new ArgumentOutOfRangeException(nameof(site), camera, "unknown camera spec"),
            });
        }
        return $$"""
                 # Written by edgelabel-demo for one run; see src/Demo.
                 edgelabel {
                   site = {{Q(site.Name)}}
                   data-dir = {{Q(layout.EdgeData(site.Name))}}
                   cameras {
                 {{cameras.ToString().TrimEnd('\n')}}
                   }
                   store.local-root = {{Q(layout.ObjectStore)}}
                   http.url = {{Q($"http://{Host}:{httpPort}")}}
                   cluster {
                     enabled = on
                     host = {{Q(Host)}}
                     port = {{clusterPort}}
                     seeds = [{{Q($"{Host}:{cloudClusterPort}")}}]
                   }
                   delivery.project = {{Q(project)}}
                 }

                 """;
    }

    private static readonly JsonSerializerOptions Quoting = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // A JSON string is a valid HOCON quoted string (same escapes).
    private static string Q(string value) => JsonSerializer.Serialize(value, Quoting);
}
