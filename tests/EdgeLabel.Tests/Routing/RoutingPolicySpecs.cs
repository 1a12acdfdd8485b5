using System.Text;
using EdgeLabel.Actors;
using EdgeLabel.Actors.Routing;
using EdgeLabel.Inference;

namespace EdgeLabel.Tests.Routing;

public sealed class RoutingPolicySpecs
{
    private static readonly string AnyId = ContentId.Of("x"u8).Value;

    private static Detection Box(float score, int classId = 0) => new(classId, score, new PixelBox(0, 0, 10, 10));

    private static readonly RoutingPolicy NoAudit = RoutingPolicy.Simple(accept: 0.7f, reject: 0.4f);

    [Fact]
    public void Boxes_at_or_above_accept_are_labels_without_a_human()
    {
        var route = NoAudit.Route(AnyId, [Box(0.7f), Box(0.95f)]);
        Assert.Equal(RouteKind.AutoLabel, route.Kind);
        Assert.Equal(2, route.Kept.Count);
    }

    [Fact]
    public void A_box_between_reject_and_accept_sends_the_image_to_review()
    {
        var route = NoAudit.Route(AnyId, [Box(0.9f), Box(0.4f), Box(0.69f)]);
        Assert.Equal(RouteKind.Review, route.Kind);
        Assert.Equal(3, route.Kept.Count);
        Assert.Contains("2 uncertain", route.Reason);
    }

    [Fact]
    public void Boxes_below_reject_are_dropped_as_noise()
    {
        var route = NoAudit.Route(AnyId, [Box(0.9f), Box(0.39f), Box(0.1f)]);
        Assert.Equal(RouteKind.AutoLabel, route.Kind);
        Assert.Single(route.Kept);
    }

    [Fact]
    public void Per_class_thresholds_override_the_default_for_their_class_only()
    {
        var policy = NoAudit with { PerClass = new Dictionary<int, ClassThresholds> { [1] = new(0.9f, 0.5f) } };
        Assert.Equal(RouteKind.AutoLabel, policy.Route(AnyId, [Box(0.8f, classId: 0)]).Kind);
        Assert.Equal(RouteKind.Review, policy.Route(AnyId, [Box(0.8f, classId: 1)]).Kind);
        // 0.45 is kept (uncertain) for class 0 but noise for class 1.
        Assert.Equal(RouteKind.Review, policy.Route(AnyId, [Box(0.45f, classId: 0)]).Kind);
        var class1 = policy.Route(AnyId, [Box(0.45f, classId: 1)]);
        Assert.Equal(RouteKind.AutoLabel, class1.Kind);
        Assert.Empty(class1.Kept);
        Assert.Equal(new ClassThresholds(0.7f, 0.4f), policy.For(2));
    }

    [Fact]
    public void An_empty_image_is_labeled_empty_or_sent_to_review_as_configured()
    {
        var labelEmpty = NoAudit.Route(AnyId, [Box(0.2f)]);
        Assert.Equal(RouteKind.AutoLabel, labelEmpty.Kind);
        Assert.Equal("empty", labelEmpty.Reason);
        Assert.Empty(labelEmpty.Kept);

        var review = (NoAudit with { WhenEmpty = EmptyImagePolicy.Review }).Route(AnyId, []);
        Assert.Equal(RouteKind.Review, review.Kind);
    }

    [Fact]
    public void Thresholds_are_validated_with_their_key_path()
    {
        Assert.Contains("router.classes.1", Assert.Throws<ArgumentException>(() => ClassThresholds.Validated(0.3f, 0.5f, "router.classes.1")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassThresholds.Validated(1.2f, 0.5f, "router"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassThresholds.Validated(0.7f, -0.1f, "router"));
        Assert.Equal(new ClassThresholds(0.5f, 0.5f), ClassThresholds.Validated(0.5f, 0.5f, "router"));
    }

    private static IReadOnlyList<string> Ids(int count) =>
        Enumerable.Range(0, count).Select(i => ContentId.Of(Encoding.UTF8.GetBytes($"img-{i}")).Value).ToArray();

    [Fact]
    public void The_audit_draw_is_deterministic_per_content_id_and_close_to_the_configured_share()
    {
        var ids = Ids(10_000);
        var policy = RoutingPolicy.Simple(0.7f, 0.4f, auditShare: 0.03, seed: 1);
        var twin = RoutingPolicy.Simple(0.7f, 0.4f, auditShare: 0.03, seed: 1);

        var audited = ids.Where(policy.IsAudited).ToHashSet();
        Assert.Equal(audited, ids.Where(twin.IsAudited).ToHashSet());
        Assert.InRange(audited.Count, 230, 370); // 3% ± 0.7% of 10,000
        Assert.All(audited, id => Assert.Equal(RouteKind.Audit, policy.Route(id, [Box(0.9f)]).Kind));

        var otherSeed = ids.Where(RoutingPolicy.Simple(0.7f, 0.4f, auditShare: 0.03, seed: 2).IsAudited).ToHashSet();
        Assert.NotEqual(audited, otherSeed);
        Assert.DoesNotContain(ids, NoAudit.IsAudited);
    }

    [Fact]
    public void Audit_only_draws_from_confident_images()
    {
        var everything = RoutingPolicy.Simple(0.7f, 0.4f, auditShare: 1.0, whenEmpty: EmptyImagePolicy.Review);
        Assert.Equal(RouteKind.Audit, everything.Route(AnyId, [Box(0.9f)]).Kind);
        Assert.Equal(RouteKind.Review, everything.Route(AnyId, [Box(0.9f), Box(0.5f)]).Kind);
        Assert.Equal(RouteKind.Review, everything.Route(AnyId, []).Kind);

        var labelEmpty = everything with { WhenEmpty = EmptyImagePolicy.LabelEmpty };
        Assert.Equal(RouteKind.Audit, labelEmpty.Route(AnyId, []).Kind); // a confident negative can be audited too
    }
}
