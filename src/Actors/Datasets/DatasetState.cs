using EdgeLabel.Actors.Delivery;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Dataset.Model;

namespace EdgeLabel.Actors.Datasets;

/// <summary>A project's dataset as events built it: one entry per content id, each site's high-water mark, and what
/// validation rejected. Mutable, owned by <see cref="ProjectDataset"/>, changed only by events; applying an event is
/// deterministic, so recovery rebuilds exactly what was answered before a crash.</summary>
internal sealed class DatasetState(ProjectSettings project)
{
    private const int RecentRejectionsKept = 20;
    private readonly Dictionary<string, DatasetImage> _images = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _highWater = new(StringComparer.Ordinal);
    private readonly Queue<string> _recentRejections = new();
    // Review or audit, for images not yet labeled by humans (an image keeps no route of its own).
    private readonly Dictionary<string, RouteKind> _reviewRoutes = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, DatasetImage> Images => _images;
    public long RejectedBoxes { get; private set; }
    public long ClippedBoxes { get; private set; }
    public long DuplicateRecords { get; private set; }

    public long HighWater(string site) => _highWater.GetValueOrDefault(site);

    /// <summary>Review or Audit for an image awaiting upload or review; AutoLabel otherwise.</summary>
    public RouteKind ReviewRoute(string contentId) => _reviewRoutes.GetValueOrDefault(contentId, RouteKind.AutoLabel);

    /// <summary>How many of these images a merge would change: only images awaiting review take human labels.</summary>
    public int Mergeable(IEnumerable<HumanLabeledImage> images) =>
        images.Select(i => i.ContentId).Distinct(StringComparer.Ordinal)
            .Count(id => _images.TryGetValue(id, out var image) && image.Status == ImageStatus.AwaitingReview);

    public void Apply(object e)
    {
        switch (e)
        {
            case DatasetRecordsAbsorbed absorbed:
                // Only the contiguous continuation of the site's mark counts: an event written after a refused one
                // (a gap) changes nothing, and its records come again.
                var mark = HighWater(absorbed.Site);
                foreach (var record in absorbed.Records)
                {
                    if (record.Seq <= mark) continue;
                    if (record.Seq != mark + 1) break;
                    Absorb(record);
                    mark = record.Seq;
                }
                _highWater[absorbed.Site] = mark;
                break;
            case HumanLabelsMerged merged:
                foreach (var labeled in merged.Images) MergeHuman(labeled);
                break;
            case DatasetSnapshot snapshot:
                _images.Clear();
                foreach (var image in snapshot.Images) _images[image.ContentId] = image;
                _highWater.Clear();
                foreach (var (site, upTo) in snapshot.SiteHighWaterMarks) _highWater[site] = upTo;
                RejectedBoxes = snapshot.RejectedBoxes;
                ClippedBoxes = snapshot.ClippedBoxes;
                DuplicateRecords = snapshot.DuplicateRecords;
                _reviewRoutes.Clear();
                foreach (var (id, route) in snapshot.ReviewRoutes ?? new Dictionary<string, RouteKind>()) _reviewRoutes[id] = route;
                break;
        }
    }

    public DatasetSnapshot ToSnapshot() =>
        new(_images.Values.ToArray(), new Dictionary<string, long>(_highWater), RejectedBoxes, ClippedBoxes, DuplicateRecords,
            new Dictionary<string, RouteKind>(_reviewRoutes));

    public DatasetStats Stats() => new(
        project.Name, _images.Count,
        _images.Values.GroupBy(i => i.Status.ToName()).ToDictionary(g => g.Key, g => g.Count()),
        _images.Values.GroupBy(i => i.Site).ToDictionary(g => g.Key, g => g.Count()),
        _images.Values.Sum(i => (long)i.Boxes.Count(b => !b.Provenance.IsHuman)),
        _images.Values.Sum(i => (long)i.Boxes.Count(b => b.Provenance.IsHuman)),
        RejectedBoxes, ClippedBoxes, DuplicateRecords, new Dictionary<string, long>(_highWater), _recentRejections.ToArray(),
        AutoLabelAudit.Estimate(_images.Values));

    /// <summary>Images of the status and site (null: any), newest capture first (then by content id, so pages never
    /// overlap), from <paramref name="offset"/>, at most <paramref name="limit"/>, with how many match in all.</summary>
    public DatasetPage Page(ImageStatus? status, string? site, int offset, int limit)
    {
        var matching = _images.Values.Where(i => (status is null || i.Status == status) && (site is null || i.Site == site)).ToList();
        var from = Math.Max(0, offset);
        var take = Math.Clamp(limit, 0, GetDatasetPage.MaxLimit);
        // OrderBy → Skip → Take straight into the array: LINQ sorts only the page's part (a partial sort), not all
        // 20,000 images of a project on every gallery request, which runs on the dataset actor's thread.
        var page = matching.OrderByDescending(i => i.CapturedAt).ThenBy(i => i.ContentId, StringComparer.Ordinal).Skip(from).Take(take).ToArray();
        return new DatasetPage(project.Name, matching.Count, from, page);
    }

    /// <summary>Human labels replace the machine's on a reviewed image; an audited image keeps both, so the machine's
    /// can be measured against the human's. Only an image awaiting review changes: merging again changes nothing.</summary>
    private void MergeHuman(HumanLabeledImage labeled)
    {
        if (!_images.TryGetValue(labeled.ContentId, out var image) || image.Status != ImageStatus.AwaitingReview) return;
        var validation = BoxValidation.Validate(labeled.Boxes, image.Width, image.Height, project.Categories);
        ClippedBoxes += validation.Clipped;
        RejectedBoxes += validation.Rejected.Count;
        var human = validation.Kept.Select(b => b with { Label = project.Categories[b.ClassId] }).ToArray();
        _images[labeled.ContentId] = labeled.Audit
            ? image with { Status = ImageStatus.Audited, Boxes = [.. image.Boxes.Where(b => !b.Provenance.IsHuman), .. human] }
            : image with { Status = ImageStatus.Reviewed, Boxes = human };
        _reviewRoutes.Remove(labeled.ContentId);
    }

    private void Absorb(SiteRecord record)
    {
        var id = record.Id.Value;
        switch (record.Kind)
        {
            case SiteRecordKind.Image when _images.ContainsKey(id):
                // The same bytes seen twice (another camera or site): one image in the dataset, the first record wins.
                DuplicateRecords++;
                break;
            case SiteRecordKind.Image:
                if (record.Route != RouteKind.AutoLabel) _reviewRoutes[id] = record.Route;
                _images[id] = ImageFrom(record, record.Route == RouteKind.AutoLabel ? ImageStatus.AutoLabeled : ImageStatus.AwaitingUpload);
                break;
            case SiteRecordKind.ReviewNotice when _images.TryGetValue(id, out var image):
                if (image.Status == ImageStatus.AwaitingUpload)
                {
                    _reviewRoutes[id] = record.Route;
                    _images[id] = image with { Status = ImageStatus.AwaitingReview, ObjectUri = record.ObjectUri };
                }
                else DuplicateRecords++;
                break;
            case SiteRecordKind.ReviewNotice:
                _reviewRoutes[id] = record.Route;
                _images[id] = ImageFrom(record, ImageStatus.AwaitingReview);
                break;
        }
    }

    /// <summary>The edge's boxes become machine-provenance labels (for review images: the pre-annotations). Boxes are
    /// clipped to the image; boxes with an unknown class or no area left are dropped and counted (docs/architecture.md).</summary>
    private DatasetImage ImageFrom(SiteRecord record, ImageStatus status)
    {
        var boxes = record.Boxes.Select(b => new LabeledBox(b.ClassId, b.Label, b.Left, b.Top, b.Width, b.Height,
            BoxProvenance.Machine(record.Model.Id, record.Model.Version, Math.Round(b.Score, 4)))).ToArray();
        var validation = BoxValidation.Validate(boxes, record.Width, record.Height, project.Categories);
        ClippedBoxes += validation.Clipped;
        foreach (var rejection in validation.Rejected)
        {
            RejectedBoxes++;
            _recentRejections.Enqueue($"{record.Source.Site}/{record.Id.Value[..12]} box {rejection.Index}: {rejection.Reason}");
            if (_recentRejections.Count > RecentRejectionsKept) _recentRejections.Dequeue();
        }
        return new DatasetImage(record.Id.Value, record.ObjectUri, record.Source.SizeBytes, record.Source.Site, record.Source.Camera,
            record.Source.CapturedAt, record.Width, record.Height, status, validation.Kept);
    }
}
