using System.Text.RegularExpressions;
using EdgeLabel.Dataset.Export;
using EdgeLabel.Dataset.Model;
using EdgeLabel.Dataset.Tests.Support;
using SkiaSharp;
using static EdgeLabel.Dataset.Tests.Support.SampleDataset;

namespace EdgeLabel.Dataset.Tests.Export;

public class HtmlReportSpecs
{
    private static readonly LabelCategories Hostile = new(["<script>alert('x')</script>", "car & \"truck\""]);

    private static IReadOnlyList<DatasetImage> HostileImages() =>
    [
        Image(1, ImageStatus.AutoLabeled,
            new LabeledBox(0, Hostile[0], 10, 10, 50, 50, BoxProvenance.Machine("<b>model</b>", "1", 0.9))) with { Site = "<img src=x onerror=alert(1)>" },
        Image(2, ImageStatus.Reviewed,
            new LabeledBox(1, Hostile[1], 100, 100, 20, 20, BoxProvenance.Human("job\"><script>", ["w"]))),
        Image(3, ImageStatus.AwaitingReview),
    ];

    [Fact]
    public void Every_dataset_string_is_escaped_and_the_page_links_no_external_host()
    {
        using var temp = new TempFolder();

        var files = HtmlReportExport.Write(temp.Path, "<project>", Hostile, HostileImages(), _ => null, 100, 0, 256);

        var html = File.ReadAllText(Assert.Single(files));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("<b>model", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html);
        Assert.Contains("car &amp; &quot;truck&quot;", html);
        Assert.Contains("&lt;project&gt;", html);
        Assert.Empty(Regex.Matches(html, @"https?://", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("//cdn", html);
        Assert.DoesNotMatch(@"(src|href)\s*=\s*""//", html);
    }

    [Fact]
    public void Counts_per_status_and_per_site_and_a_legend_are_shown_with_machine_and_human_boxes_in_different_colours()
    {
        using var temp = new TempFolder();
        var images = Validated.Of(Mixed(), Categories);

        var html = File.ReadAllText(HtmlReportExport.Write(temp.Path, "street", Categories, images, _ => null, 100, 0, 256)[0]);

        Assert.Contains("<td>auto-labeled</td><td class=\"n\">1</td>", html);
        Assert.Contains("<td>awaiting-upload</td><td class=\"n\">1</td>", html);
        Assert.Contains("<td>site-1</td><td class=\"n\">3</td>", html);
        Assert.Contains("<td>site-0</td><td class=\"n\">2</td>", html);
        Assert.Contains("machine box", html);
        Assert.Contains("human box", html);
        Assert.NotEqual(HtmlReportExport.MachineColour, HtmlReportExport.HumanColour);
        Assert.Equal(images.Sum(i => i.Boxes.Count(b => !b.Provenance.IsHuman)), Regex.Count(html, "class=\"box machine\""));
        Assert.Equal(images.Sum(i => i.Boxes.Count(b => b.Provenance.IsHuman)), Regex.Count(html, "class=\"box human\""));
    }

    [Fact]
    public void Thumbnails_are_written_for_readable_images_and_unavailable_ones_get_a_placeholder()
    {
        using var temp = new TempFolder();
        var images = Validated.Of(Mixed(), Categories);
        var jpeg = TestImages.Jpeg(1280, 960);
        Stream? Open(string uri) =>
            uri == images[0].ObjectUri ? new NonSeekableStream(jpeg)                   // as an S3 response body is
            : uri == images[1].ObjectUri ? new MemoryStream([1, 2, 3])                 // not an image
            : uri == images[2].ObjectUri ? throw new IOException("store unreachable")
            : null;

        var files = HtmlReportExport.Write(temp.Path, "street", Categories, images, Open, 100, 10, 256);

        var thumbnail = Assert.Single(files, f => f.EndsWith(".jpg"));
        Assert.Equal(Path.Combine(temp.Path, "thumbnails", images[0].ContentId + ".jpg"), thumbnail);
        using (var decoded = SKBitmap.Decode(thumbnail))
            Assert.Equal((256, 192), (decoded.Width, decoded.Height));
        var html = File.ReadAllText(files[0]);
        Assert.Contains($"src=\"thumbnails/{images[0].ContentId}.jpg\"", html);
        Assert.Equal(images.Count - 1, Regex.Count(html, "image unavailable"));
    }

    [Fact]
    public void The_thumbnail_cap_and_the_card_cap_hold()
    {
        using var temp = new TempFolder();
        var images = Validated.Of(Mixed(), Categories);
        var jpeg = TestImages.Jpeg(64, 48);
        var opened = 0;

        var files = HtmlReportExport.Write(temp.Path, "street", Categories, images, _ => { opened++; return new MemoryStream(jpeg); }, 4, 2, 256);

        Assert.Equal(2, opened);
        Assert.Equal(2, files.Count(f => f.EndsWith(".jpg")));
        var html = File.ReadAllText(files[0]);
        Assert.Equal(4, Regex.Count(html, "<figure>"));
        Assert.Contains("Showing the first 4 of 5 images", html);
    }
}
