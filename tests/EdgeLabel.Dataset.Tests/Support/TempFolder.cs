namespace EdgeLabel.Dataset.Tests.Support;

/// <summary>A scratch folder for the files an export writes, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edgelabel-dataset-");

    public string Path => _directory.FullName;

    public void Dispose()
    {
        // Best effort: a folder left in /tmp must not fail a test that passed.
        try { _directory.Delete(recursive: true); }
        catch (IOException) { }
    }
}
