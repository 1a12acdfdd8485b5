namespace EdgeLabel.EndToEnd.Tests.Support.Cluster;

/// <summary>Folders of real photos for directory cameras, backdated so the first scan takes them.</summary>
internal static class SampleInbox
{
    /// <summary>Copies the dlib photos whose index (in name order) satisfies <paramref name="take"/> into a new folder
    /// <paramref name="name"/> under <paramref name="root"/>; returns the folder and the content ids copied.</summary>
    public static (string Dir, IReadOnlySet<string> Ids) DlibSubset(string root, string name, Func<int, bool> take)
    {
        var dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var photos = TestData.DlibPhotos;
        for (var i = 0; i < photos.Count; i++)
        {
            if (!take(i)) continue;
            var bytes = File.ReadAllBytes(photos[i]);
            ImageFolder.Write(dir, Path.GetFileName(photos[i]), bytes);
            ids.Add(TestData.Sha256(bytes));
        }
        return (dir, ids);
    }
}
