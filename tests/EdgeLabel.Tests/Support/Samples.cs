using System.Text;
using EdgeLabel.Actors;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.Tests.Support;

/// <summary>Sample decisions with distinct content ids.</summary>
public static class Samples
{
    public static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly ModelIdentity Model = new("fake-detector", "1", new string('a', 64));

    public static ContentId Id(int n) => ContentId.Of(Encoding.UTF8.GetBytes($"image-{n}"));

    public static ImageSource Source(int n, long size = 1000) => new("site-t", "gate", At.AddSeconds(n), "jpg", size, $"/in/{n}.jpg");

    public static ImageDecided Decided(int n, RouteKind route = RouteKind.AutoLabel, long size = 1000) =>
        new(Id(n), Source(n, size), 640, 480, route, route.ToString(), Model, 0.03,
            [new DecidedBox(0, "face", 0.9f, 1, 2, 30, 40, 0.7f, 0.4f)], At.AddSeconds(n));

    /// <summary>The delivery record of a decided image (<paramref name="seq"/> in its site's stream).</summary>
    public static SiteRecord Record(long seq, ImageDecided d, SiteRecordKind kind = SiteRecordKind.Image) =>
        new(seq, kind, d.Id, d.Route, d.Source, d.Width, d.Height, d.Model, d.Boxes,
            $"s3://edgelabel/p/{d.Source.Site}/{d.Source.Camera}/2025/03/01/{d.Id.Value}.jpg", d.DecidedAt);

    public static ImageQuarantined Quarantined(int n, string reason = "not-an-image") =>
        new(Id(n), Source(n), reason, "bad bytes", At.AddSeconds(n));
}
