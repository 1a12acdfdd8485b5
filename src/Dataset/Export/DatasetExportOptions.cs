namespace EdgeLabel.Dataset.Export;

/// <summary>Choices for <see cref="DatasetExporter.ExportAll"/>; the defaults suit a routine export.</summary>
public sealed record DatasetExportOptions
{
    /// <summary>Ground Truth label attribute; null uses the project name.</summary>
    public string? LabelAttribute { get; init; }

    /// <summary>Ground Truth job-name for images without a human box (no "labeling-job/" prefix); null uses the project name.</summary>
    public string? JobName { get; init; }

    /// <summary>Export time written into the files; null takes the clock. Tests fix it for byte-identical output.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>False writes the report without reading a single image, so label exports can be timed alone.</summary>
    public bool IncludeThumbnails { get; init; } = true;

    /// <summary>At most this many thumbnails are made (each one reads and decodes a whole image).</summary>
    public int MaxThumbnails { get; init; } = 500;

    /// <summary>At most this many image cards on the report page; its counts always cover every image.</summary>
    public int MaxReportImages { get; init; } = 2_000;

    /// <summary>Longer side of a thumbnail in pixels.</summary>
    public int ThumbnailSize { get; init; } = 256;
}
