using System.Text.Json.Nodes;
using EdgeLabel.Workforce.Api;
using EdgeLabel.Workforce.Simulation;

namespace EdgeLabel.Workforce.Tests.Simulation;

public sealed class PreAnnotationsSpecs
{
    private static readonly string[] Labels = ["face", "hand"];

    [Fact]
    public void EdgeLabels_list_is_read_with_its_labels_and_class_ids_name_labels_when_there_is_no_label()
    {
        var node = JsonNode.Parse("""
            [{"label":"hand","class_id":1,"left":1,"top":2,"width":30,"height":40,"score":0.42},
             {"class_id":0,"left":5.5,"top":6,"width":7,"height":8},
             {"label":"face","left":"x","top":1,"width":1,"height":1},
             {"class_id":7,"left":1,"top":1,"width":1,"height":1},
             "not a box"]
            """);
        Assert.Equal([new AnswerBox("hand", 1, 2, 30, 40), new AnswerBox("face", 5.5, 6, 7, 8)], PreAnnotations.Read(node, Labels));
    }

    [Fact]
    public void Ground_Truths_bounding_box_label_is_read_through_the_class_ids()
    {
        var node = JsonNode.Parse("""
            {"annotations":[{"class_id":1,"left":10,"top":20,"width":30,"height":40},{"class_id":0,"left":1,"top":2,"width":3,"height":4}],
             "image_size":[{"width":500,"height":375,"depth":3}]}
            """);
        Assert.Equal([new AnswerBox("hand", 10, 20, 30, 40), new AnswerBox("face", 1, 2, 3, 4)], PreAnnotations.Read(node, Labels));
    }

    [Fact]
    public void No_pre_annotations_mean_no_boxes()
    {
        Assert.Empty(PreAnnotations.Read(null, Labels));
        Assert.Empty(PreAnnotations.Read(JsonNode.Parse("{}"), Labels));
        Assert.Empty(PreAnnotations.Read(JsonValue.Create(3), Labels));
    }
}
