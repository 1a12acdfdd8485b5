using EdgeLabel.Actors.Configuration;

namespace EdgeLabel.Tests.Configuration;

public sealed class HoconBracketCheckSpecs
{
    [Theory]
    [InlineData("edgelabel { cameras = [ }", "does not match")]
    [InlineData("edgelabel { cameras = [", "never closed")]
    [InlineData("edgelabel { site = x } }", "closes nothing")]
    [InlineData("edgelabel { site = \"x\"", "never closed")]
    [InlineData("edgelabel { site = \"x }", "unterminated string")]
    public void Unbalanced_files_are_refused_with_the_line(string text, string problem)
    {
        var message = HoconBracketCheck.Find(text);
        Assert.NotNull(message);
        Assert.Contains(problem, message);
        Assert.StartsWith("line 1", message);
    }

    [Theory]
    [InlineData("edgelabel { site = \"a}b\" # a comment with { and [\n cameras { } }")]
    [InlineData("a = [1, 2, 3]\n// ] comment\nb { c = \"\"\"multi\n { line\"\"\" }")]
    public void Brackets_inside_strings_and_comments_are_ignored(string text) =>
        Assert.Null(HoconBracketCheck.Find(text));

    [Fact]
    public void The_shipped_files_are_balanced()
    {
        var hocon = Path.Combine(RepoRoot(), "hocon");
        foreach (var file in Directory.EnumerateFiles(hocon, "*.conf", SearchOption.AllDirectories))
            Assert.Null(HoconBracketCheck.Find(File.ReadAllText(file)));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EdgeLabel.sln"))) return dir.FullName;
        throw new InvalidOperationException("EdgeLabel.sln not found above the test folder");
    }
}
