using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;
using EdgeLabel.Workforce.Tests.Support;
using EdgeLabel.Workforce.Truth;

namespace EdgeLabel.Workforce.Tests.Truth;

public sealed class KnownImagesSpecs
{
    [Fact]
    public void The_dlib_samples_are_known_by_the_SHA256_of_their_files_with_all_43_face_boxes()
    {
        var dir = RepoPaths.DlibFaces;
        var known = KnownImages.LoadDlib(dir);

        Assert.Empty(known.Missing);
        Assert.Empty(known.Issues);
        Assert.Equal(9, known.Count);
        Assert.Equal(43, known.BoxCount);

        // Read the XML here independently of the Evaluation readers, and hash the files with the framework directly.
        foreach (var xml in new[] { "training.xml", "testing.xml" })
        foreach (var image in XDocument.Load(Path.Combine(dir, xml)).Descendants("image"))
        {
            var file = Path.Combine(dir, (string)image.Attribute("file")!);
            var id = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))).ToLowerInvariant();
            Assert.True(known.TryGet(id, out var k), $"{file} is not known by its SHA-256 {id}");
            Assert.Equal(Path.GetFileName(file), k.FileName);
            Assert.Equal(id, k.ContentId);
            Assert.Equal(int.Parse((string)image.Attribute("width")!, CultureInfo.InvariantCulture), k.Width);
            var expected = image.Elements("box").Select(b => new KnownBox("face", Number(b, "left"), Number(b, "top"), Number(b, "width"), Number(b, "height")));
            Assert.Equal(expected, k.Boxes);
        }
    }

    [Fact]
    public void Unlabelled_boxes_take_the_label_asked_for()
    {
        var known = KnownImages.LoadDlib(RepoPaths.DlibFaces, unlabelledAs: "person-face");
        Assert.All(known.Images.SelectMany(i => i.Boxes), b => Assert.Equal("person-face", b.Label));
    }

    [Fact]
    public void Missing_image_files_are_reported_and_dont_care_boxes_left_out()
    {
        using var temp = new TempFolder();
        var photo = Directory.GetFiles(RepoPaths.DlibFaces, "*.jpg").Order(StringComparer.Ordinal).First();
        File.Copy(photo, Path.Combine(temp.Path, "present.jpg"));
        File.WriteAllText(Path.Combine(temp.Path, "truth.xml"), """
            <?xml version='1.0' encoding='ISO-8859-1'?>
            <dataset><images>
              <image file='present.jpg'>
                <box top='10' left='20' width='30' height='40'><label>cat</label></box>
                <box top='1' left='2' width='3' height='4' ignore='1'/>
                <box top='50' left='60' width='70' height='80'/>
              </image>
              <image file='absent.jpg'><box top='1' left='2' width='3' height='4'/></image>
            </images></dataset>
            """);

        var known = KnownImages.Load([Path.Combine(temp.Path, "truth.xml")]);

        Assert.Equal(["absent.jpg"], known.Missing);
        var image = Assert.Single(known.Images);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(photo))), image.ContentId);
        Assert.Equal([new KnownBox("cat", 20, 10, 30, 40), new KnownBox("face", 60, 50, 70, 80)], image.Boxes);
        Assert.False(known.TryGet(new string('0', 64), out _));
    }

    [Fact]
    public void Images_are_looked_for_in_the_images_folder_first()
    {
        using var temp = new TempFolder();
        var images = Directory.CreateDirectory(Path.Combine(temp.Path, "images")).FullName;
        var photo = Directory.GetFiles(RepoPaths.DlibFaces, "*.jpg").Order(StringComparer.Ordinal).Last();
        File.Copy(photo, Path.Combine(images, "x.jpg"));
        File.WriteAllText(Path.Combine(temp.Path, "truth.xml"), "<dataset><images><image file='x.jpg'/></images></dataset>");

        Assert.Equal(["x.jpg"], KnownImages.Load([Path.Combine(temp.Path, "truth.xml")]).Missing);
        var known = KnownImages.Load([Path.Combine(temp.Path, "truth.xml")], imagesDirectory: images);
        Assert.Empty(Assert.Single(known.Images).Boxes); // known, with nothing in it
    }

    private static double Number(XElement box, string name) => double.Parse((string)box.Attribute(name)!, CultureInfo.InvariantCulture);
}
