using EdgeLabel.Evaluation.Tests.Support;
using EdgeLabel.Evaluation.Truth;

namespace EdgeLabel.Evaluation.Tests.Truth;

public class DlibXmlReaderSpecs
{
    [Fact]
    public void The_real_dlib_face_set_has_43_boxes_over_9_images()
    {
        var dir = RepoPaths.DlibFaces;
        var set = TruthReader.ReadAll([Path.Combine(dir, "training.xml"), Path.Combine(dir, "testing.xml")]);

        Assert.Equal(9, set.Images.Count);
        Assert.Equal(43, set.CountedBoxes);
        Assert.Equal(0, set.DontCareBoxes);
        Assert.Empty(set.Issues);
        Assert.Equal(2, set.Sources.Count);
        Assert.All(set.Sources, s => Assert.Equal(TruthFormat.DlibXml, s.Format));
        Assert.Equal(new Dictionary<int, string> { [0] = DlibXmlReader.UnlabelledClassName }, set.Classes);
    }

    [Fact]
    public void Boxes_keep_their_pixel_geometry_and_images_their_size()
    {
        var set = DlibXmlReader.Read(Path.Combine(RepoPaths.DlibFaces, "training.xml"));

        var image = Assert.Single(set.Images, i => i.FileName == "2008_001009.jpg");
        Assert.Equal((360, 480), (image.Width, image.Height));
        Assert.Equal(2, image.Boxes.Count);
        var box = image.Boxes[1].Box;
        Assert.Equal((125f, 214f, 90f, 91f), (box.Left, box.Top, box.Width, box.Height));
        Assert.Equal(RepoPaths.DlibFaces, image.BaseDirectory);
    }

    [Fact]
    public void Ignored_boxes_are_dont_care_and_labels_become_classes()
    {
        using var temp = new TempFolder();
        var path = temp.Write("set.xml", """
            <?xml version='1.0' encoding='ISO-8859-1'?>
            <dataset><images>
              <image file='sub/a.jpg'>
                <box top='1' left='2' width='10' height='12'><label>cat</label></box>
                <box top='20' left='20' width='5' height='5' ignore='1'><label>cat</label></box>
                <box top='30' left='30' width='8' height='8'><label>dog</label></box>
              </image>
              <image file='b.jpg' width='64' height='48'/>
            </images></dataset>
            """);

        var set = DlibXmlReader.Read(path);

        Assert.Equal(2, set.Images.Count);
        var a = set.Images[0];
        Assert.Equal("sub/a.jpg", a.FileName);
        Assert.Equal((0, 0), (a.Width, a.Height));
        Assert.Equal(2, a.CountedBoxes);
        Assert.True(a.Boxes[1].DontCare);
        Assert.Equal(new Dictionary<int, string> { [0] = "cat", [1] = "dog" }, set.Classes);
        Assert.Empty(set.Images[1].Boxes);
    }

    [Fact]
    public void A_malformed_box_skips_its_image_with_the_line_and_keeps_the_rest()
    {
        using var temp = new TempFolder();
        var path = temp.Write("set.xml", """
            <dataset><images>
              <image file='a.jpg'>
                <box top='1' left='2' width='10' height='12'/>
              </image>
              <image file='bad.jpg'>
                <box top='x' left='2' width='10' height='12'/>
              </image>
            </images></dataset>
            """);

        var set = DlibXmlReader.Read(path);

        Assert.Equal("a.jpg", Assert.Single(set.Images).FileName);
        var issue = Assert.Single(set.Issues);
        Assert.Equal(6, issue.Line);
        Assert.Contains("bad.jpg", issue.Message);
        Assert.Contains("top='x'", issue.Message);
    }
}
