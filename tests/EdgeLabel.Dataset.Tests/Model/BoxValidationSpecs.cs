using EdgeLabel.Dataset.Model;
using static EdgeLabel.Dataset.Tests.Support.SampleDataset;

namespace EdgeLabel.Dataset.Tests.Model;

public class BoxValidationSpecs
{
    [Fact]
    public void A_box_inside_the_image_is_kept_unchanged()
    {
        var box = MachineBox(0, 10.1, 20.2, 30.3, 40.4);

        var result = BoxValidation.Validate([box], 640, 480, Categories);

        Assert.Same(box, Assert.Single(result.Kept));
        Assert.Empty(result.Rejected);
        Assert.Equal(0, result.Clipped);
    }

    [Fact]
    public void Boxes_reaching_outside_the_image_are_clipped_to_its_borders()
    {
        var result = BoxValidation.Validate(
            [MachineBox(0, -10, -5, 50, 30), MachineBox(1, 600, 450, 100, 100)], 640, 480, Categories);

        Assert.Equal(2, result.Clipped);
        Assert.Empty(result.Rejected);
        var (a, b) = (result.Kept[0], result.Kept[1]);
        Assert.Equal((0.0, 0.0, 40.0, 25.0), (a.Left, a.Top, a.Width, a.Height));
        Assert.Equal((600.0, 450.0, 40.0, 30.0), (b.Left, b.Top, b.Width, b.Height));
        Assert.Equal(Categories[1], b.Label);
    }

    [Fact]
    public void Zero_area_after_clipping_unknown_classes_and_non_finite_coordinates_are_rejected_with_reasons()
    {
        LabeledBox[] boxes =
        [
            MachineBox(0, 700, 10, 20, 20),                 // entirely right of the image
            MachineBox(0, 10, 10, 0, 20),                   // zero width
            MachineBox(0, 10, 10, -5, 20),                  // negative width
            MachineBox(0, 1, 2, 3, 4) with { ClassId = 3 }, // one past the last category
            MachineBox(0, 1, 2, 3, 4) with { ClassId = -1 },
            MachineBox(0, double.NaN, 2, 3, 4),
            MachineBox(0, 1, 2, double.PositiveInfinity, 4),
            MachineBox(2, 5, 5, 5, 5),                      // the only good one
        ];

        var result = BoxValidation.Validate(boxes, 640, 480, Categories);

        Assert.Equal(boxes[7], Assert.Single(result.Kept));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], result.Rejected.Select(r => r.Index));
        Assert.All(result.Rejected.Take(3), r => Assert.Contains("zero area", r.Reason));
        Assert.All(result.Rejected.Skip(3).Take(2), r => Assert.Contains("unknown class id", r.Reason));
        Assert.All(result.Rejected.Skip(5), r => Assert.Contains("non-finite", r.Reason));
    }

    [Fact]
    public void Boxes_of_an_image_without_a_size_cannot_be_placed()
    {
        var result = BoxValidation.Validate([MachineBox(0, 1, 1, 5, 5)], 0, 480, Categories);

        Assert.Empty(result.Kept);
        Assert.Contains("image size", Assert.Single(result.Rejected).Reason);
    }
}
