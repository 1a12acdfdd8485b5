using System.Text.Json.Nodes;

namespace EdgeLabel.Workforce.Api;

/// <summary>A bounding-box answer as the <c>crowd-bounding-box</c> worker UI posts it:
/// <c>{"boundingBox":{"boundingBoxes":[...],"inputImageProperties":{"width":w,"height":h}}}</c>.</summary>
public sealed record TaskAnswer(IReadOnlyList<AnswerBox> Boxes, int ImageWidth, int ImageHeight)
{
    public JsonObject ToJson()
    {
        var boxes = new JsonArray();
        foreach (var b in Boxes)
            boxes.Add(new JsonObject { ["label"] = b.Label, ["left"] = b.Left, ["top"] = b.Top, ["width"] = b.Width, ["height"] = b.Height });
        return new JsonObject
        {
            ["boundingBox"] = new JsonObject
            {
                ["boundingBoxes"] = boxes,
                ["inputImageProperties"] = new JsonObject { ["width"] = ImageWidth, ["height"] = ImageHeight },
            },
        };
    }
}
