namespace EdgeLabel.Inference.Tests.Support;

/// <summary>Test inputs generated once per test run by the python scripts in Models/ and Images/.</summary>
internal static class Generated
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"edgelabel-inference-tests-{Environment.ProcessId}");
    private static readonly Lazy<string> ModelsDir = new(() => Make("models", "Models/make_models.py"));
    private static readonly Lazy<string> ImagesDir = new(() => Make("images", "Images/make_images.py",
        Path.Combine(TestEnvironment.DlibFaces, "2008_002506.jpg"), Path.Combine(TestEnvironment.DlibFaces, "bald_guys.jpg")));

    /// <summary>Path of a model written by make_models.py.</summary>
    public static string Model(string file) => Path.Combine(ModelsDir.Value, file);

    /// <summary>Path of an image written by make_images.py (derived from 2008_002506.jpg, 3 faces, and bald_guys.jpg).</summary>
    public static string Image(string file) => Path.Combine(ImagesDir.Value, file);

    private static string Make(string name, string script, params string[] inputs)
    {
        var dir = Path.Combine(Root, name);
        TestEnvironment.RunPython(script, [.. inputs, dir]);
        return dir;
    }
}
