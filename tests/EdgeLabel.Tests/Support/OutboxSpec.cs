using Akka.Actor;
using EdgeLabel.Actors.Decisions;
using EdgeLabel.Actors.Outbox;
using EdgeLabel.Actors.Spool;

namespace EdgeLabel.Tests.Support;

/// <summary>A SQLite-backed spec that drives a decision journal and an outbox: the asks every outbox spec needs.</summary>
public abstract class OutboxSpec(ITestOutputHelper output) : SqliteSpec(output)
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Persists the decisions and expects every one of them to be recorded.</summary>
    protected void Record(IActorRef journal, params IDecisionEvent[] decisions)
    {
        journal.Tell(new RecordDecisions(decisions), TestActor);
        Assert.Equal(decisions.Length, ExpectMsg<DecisionsRecorded>(Patience).Recorded.Count);
    }

    protected OutboxStatus Status(IActorRef outbox)
    {
        outbox.Tell(GetOutboxStatus.Instance, TestActor);
        return ExpectMsg<OutboxStatus>(Patience);
    }

    protected IReadOnlyList<OutboxItem> Pending(IActorRef outbox)
    {
        outbox.Tell(GetPendingItems.Instance, TestActor);
        return ExpectMsg<PendingItems>(Patience).Items;
    }

    protected static async Task SpoolImages(ImageSpool spool, params ImageDecided[] decided)
    {
        foreach (var d in decided) await spool.StoreAsync(d.Id, d.Source.Extension, BytesOf(d), TestContext.Current.CancellationToken);
    }

    /// <summary>Bytes of the image's spool file: its size, a pattern that differs per image.</summary>
    protected static byte[] BytesOf(ImageDecided d)
    {
        var bytes = new byte[d.Source.SizeBytes];
        var seed = d.Id.Value[0] + d.Id.Value[1];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)(seed + i * 31);
        return bytes;
    }

    protected void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor, Patience);
    }
}
