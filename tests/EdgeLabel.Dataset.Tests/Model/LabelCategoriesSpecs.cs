using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Dataset.Tests.Model;

public class LabelCategoriesSpecs
{
    [Fact]
    public void A_class_id_is_the_index_of_its_name()
    {
        var categories = new LabelCategories(["person", "car"]);

        Assert.Equal("car", categories[1]);
        Assert.True(categories.TryGetId("person", out var id));
        Assert.Equal(0, id);
        Assert.False(categories.Contains(2));
    }

    [Fact]
    public void Duplicate_or_blank_names_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new LabelCategories(["car", "car"]));
        Assert.Throws<ArgumentException>(() => new LabelCategories(["car", " "]));
    }

    [Fact]
    public void A_sparse_class_map_keeps_every_id_at_its_index()
    {
        var categories = LabelCategories.FromClassMap(new Dictionary<int, string> { [0] = "dog", [3] = "bone" });

        Assert.Equal(["dog", "class 1", "class 2", "bone"], categories);
    }
}
