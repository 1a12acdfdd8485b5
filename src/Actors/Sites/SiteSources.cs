using Akka.Actor;
using EdgeLabel.Inference.Models;

namespace EdgeLabel.Actors.Sites;

/// <summary>Where a <see cref="SiteReporter"/> reads the site's figures: the site's actors (in the edge's local
/// ActorSystem, asked like GET /status asks them) and the model the site started with. <see cref="Delivery"/> is null on a
/// site without a delivery queue; <see cref="Rollout"/> (the model installer, which knows the model running now) on one
/// that follows no rollouts.</summary>
public sealed record SiteSources(IActorRef Outbox, IActorRef Decisions, IActorRef? Delivery, ModelIdentity Model, IActorRef? Rollout = null);
