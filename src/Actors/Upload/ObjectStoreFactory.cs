using EdgeLabel.Storage;

namespace EdgeLabel.Actors.Upload;

/// <summary>The object store a site's settings ask for: S3 (AWS or any S3-compatible endpoint, credentials from
/// the standard AWS chain) or a local folder that stands in for it.</summary>
public static class ObjectStoreFactory
{
    public static IObjectStore Create(StoreSettings settings) => settings.Kind switch
    {
        "s3" => new S3ObjectStore(settings.S3),
        _ => new LocalDirectoryObjectStore(settings.LocalRoot, createMissingBuckets: true),
    };
}
