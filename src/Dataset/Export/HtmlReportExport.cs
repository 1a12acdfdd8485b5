using System.Globalization;
using System.Net;
using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Dataset.Export;

/// <summary>Writes <c>index.html</c>: one self-contained page (inline CSS, no scripts, no external assets) with counts
/// per status and per site, a legend, and a card per image with its boxes drawn over a thumbnail.</summary>
/// <remarks>Thumbnails are JPEGs in <c>thumbnails/</c> beside the page, made from <c>openImage</c>; an image that
/// cannot be opened or decoded, or beyond the thumbnail cap, gets a grey placeholder with its boxes still drawn.
/// Boxes are positioned in percent of the image, so they fit whatever size the thumbnail is shown at.
/// Every string from the dataset is HTML-escaped.</remarks>
public static class HtmlReportExport
{
    public const string FileName = "index.html";
    public const string ThumbnailsFolder = "thumbnails";
    public const string MachineColour = "#f08c00";
    public const string HumanColour = "#0b7bd6";

    /// <param name="maxImages">Cards shown (the counts always cover every image), so the page stays loadable.</param>
    /// <param name="maxThumbnails">Thumbnails generated, at most; 0 for none.</param>
    public static IReadOnlyList<string> Write(string directory, string project, LabelCategories categories,
        IReadOnlyCollection<DatasetImage> images, Func<string, Stream?> openImage, int maxImages, int maxThumbnails, int thumbnailSize)
    {
        var written = new List<string>();
        var path = Path.Combine(directory, FileName);
        using var html = ExportFiles.CreateText(path);
        WriteHead(html, project);
        WriteSummary(html, project, categories, images);

        var shown = images.Take(maxImages).ToList();
        if (shown.Count < images.Count)
            html.Write($"<p class=\"note\">Showing the first {shown.Count} of {images.Count} images.</p>\n");
        html.Write("<div class=\"grid\">\n");
        var thumbnails = 0;
        foreach (var image in shown)
        {
            string? thumbnail = null;
            var placeholder = "no thumbnail";
            if (thumbnails < maxThumbnails)
            {
                placeholder = "image unavailable";
                thumbnail = TryThumbnail(directory, image, openImage, thumbnailSize);
                if (thumbnail is not null)
                {
                    thumbnails++;
                    written.Add(thumbnail);
                }
            }
            WriteCard(html, image, categories, thumbnail is null ? null : $"{ThumbnailsFolder}/{image.ContentId}.jpg", placeholder);
        }
        html.Write("</div>\n</body>\n</html>\n");
        written.Insert(0, path);
        return written;
    }

    private static string? TryThumbnail(string directory, DatasetImage image, Func<string, Stream?> openImage, int size)
    {
        var path = Path.Combine(directory, ThumbnailsFolder, ContentIds.Require(image.ContentId) + ".jpg");
        try
        {
            using var stream = openImage(image.ObjectUri);
            return stream is not null && ThumbnailWriter.TryWrite(stream, path, size) ? path : null;
        }
        catch (Exception e) when (e is not (OutOfMemoryException or DllNotFoundException or TypeInitializationException))
        {
            // A store or decode failure costs one picture, never the report: the card shows a placeholder. A missing
            // native Skia library is a broken install, not a bad image, so it is not hidden.
            return null;
        }
    }

    private static void WriteHead(TextWriter html, string project)
    {
        html.Write($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{E(project)}} — EdgeLabel dataset</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
            table { border-collapse: collapse; margin: 0 1.5rem 1rem 0; display: inline-table; vertical-align: top; }
            th, td { border: 1px solid #ccc; padding: .2rem .6rem; text-align: left; }
            td.n { text-align: right; }
            .legend span { display: inline-block; margin-right: 1.2rem; }
            .swatch { display: inline-block; width: 1rem; height: .8rem; border: 2px solid; vertical-align: middle; margin-right: .3rem; }
            .grid { display: flex; flex-wrap: wrap; gap: 1rem; }
            figure { margin: 0; width: 260px; font-size: .8rem; }
            .frame { position: relative; width: 100%; background: #ddd; overflow: hidden; }
            .frame img { position: absolute; inset: 0; width: 100%; height: 100%; }
            .placeholder { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; color: #666; }
            .box { position: absolute; box-sizing: border-box; border: 2px solid; }
            .machine { border-color: {{MachineColour}}; }
            .human { border-color: {{HumanColour}}; }
            figcaption { overflow-wrap: anywhere; margin-top: .3rem; }
            .note { color: #666; }
            </style>
            </head>
            <body>

            """);
    }

    private static void WriteSummary(TextWriter html, string project, LabelCategories categories, IReadOnlyCollection<DatasetImage> images)
    {
        var boxes = images.Sum(i => i.Boxes.Count);
        var human = images.Sum(i => i.Boxes.Count(b => b.Provenance.IsHuman));
        html.Write($"<h1>{E(project)}</h1>\n<p>{images.Count} images, {boxes} boxes ({boxes - human} machine, {human} human), {categories.Count} classes.</p>\n");

        var byStatus = images.CountBy(i => i.Status).ToDictionary();
        html.Write("<table><tr><th>status</th><th>images</th></tr>\n");
        foreach (var status in Enum.GetValues<ImageStatus>())
            html.Write($"<tr><td>{E(status.ToName())}</td><td class=\"n\">{byStatus.GetValueOrDefault(status)}</td></tr>\n");
        html.Write("</table>\n");

        html.Write("<table><tr><th>site</th><th>images</th></tr>\n");
        foreach (var (site, count) in images.CountBy(i => i.Site).OrderBy(p => p.Key, StringComparer.Ordinal))
            html.Write($"<tr><td>{E(site.Length == 0 ? "(none)" : site)}</td><td class=\"n\">{count}</td></tr>\n");
        html.Write("</table>\n");

        html.Write("<table><tr><th>class id</th><th>class</th></tr>\n");
        for (var id = 0; id < categories.Count; id++) html.Write($"<tr><td class=\"n\">{id}</td><td>{E(categories[id])}</td></tr>\n");
        html.Write("</table>\n");

        html.Write($"""
            <p class="legend"><span><i class="swatch" style="border-color:{MachineColour}"></i>machine box</span><span><i class="swatch" style="border-color:{HumanColour}"></i>human box</span></p>

            """);
    }

    private static void WriteCard(TextWriter html, DatasetImage image, LabelCategories categories, string? thumbnail, string placeholder)
    {
        // Padding in percent of the width reserves the image's aspect ratio before (or without) the thumbnail.
        var aspect = image.Width > 0 && image.Height > 0 ? 100.0 * image.Height / image.Width : 75;
        html.Write($"<figure><div class=\"frame\" style=\"padding-top:{P(aspect)}%\">");
        html.Write(thumbnail is null
            ? $"<div class=\"placeholder\">{placeholder}</div>"
            : $"<img src=\"{E(thumbnail)}\" alt=\"{E(image.ContentId)}\">");
        foreach (var box in image.Boxes)
        {
            var name = categories.Contains(box.ClassId) ? categories[box.ClassId] : box.Label;
            var kind = box.Provenance.IsHuman ? "human" : "machine";
            var score = box.Provenance.Score is { } s ? $" {s.ToString("0.00", CultureInfo.InvariantCulture)}" : "";
            var who = box.Provenance.IsHuman ? box.Provenance.JobName : box.Provenance.ModelId;
            html.Write($"<div class=\"box {kind}\" style=\"left:{P(100 * box.Left / image.Width)}%;top:{P(100 * box.Top / image.Height)}%;" +
                       $"width:{P(100 * box.Width / image.Width)}%;height:{P(100 * box.Height / image.Height)}%\" " +
                       $"title=\"{E($"{name} ({kind}{score}, {who})")}\"></div>");
        }
        html.Write("</div>\n<figcaption>");
        html.Write($"<b>{E(image.Status.ToName())}</b> · {E(image.Site)}/{E(image.Camera)} · " +
                   $"{E(image.CapturedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture))}<br>");
        html.Write($"{image.Boxes.Count} boxes: {E(string.Join(", ", image.Boxes.Select(b => categories.Contains(b.ClassId) ? categories[b.ClassId] : b.Label).Distinct()))}<br>");
        html.Write($"<code>{E(image.ObjectUri)}</code></figcaption></figure>\n");
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static string P(double percent) => percent.ToString("0.###", CultureInfo.InvariantCulture);
}
