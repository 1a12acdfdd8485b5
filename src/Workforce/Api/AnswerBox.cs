using System.Text.Json.Serialization;

namespace EdgeLabel.Workforce.Api;

/// <summary>One box of an answer, in image pixels: an entry of the worker UI's <c>boundingBoxes</c>.</summary>
public sealed record AnswerBox(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("left")] double Left,
    [property: JsonPropertyName("top")] double Top,
    [property: JsonPropertyName("width")] double Width,
    [property: JsonPropertyName("height")] double Height)
{
    public double Right => Left + Width;
    public double Bottom => Top + Height;

    /// <summary>Intersection over union with another box (0 when either is empty).</summary>
    public double IoU(AnswerBox other)
    {
        var w = Math.Min(Right, other.Right) - Math.Max(Left, other.Left);
        var h = Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top);
        if (w <= 0 || h <= 0) return 0;
        var intersection = w * h;
        var union = Width * Height + other.Width * other.Height - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}
