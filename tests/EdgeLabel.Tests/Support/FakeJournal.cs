using Akka.Actor;
using EdgeLabel.Actors;
using EdgeLabel.Actors.Decisions;

namespace EdgeLabel.Tests.Support;

/// <summary>Answers the pipeline's journal protocol at once, in memory, deduping like the real journal.</summary>
public sealed class FakeJournal : ReceiveActor
{
    private readonly HashSet<ContentId> _decided = [];
    private readonly List<IDecisionEvent> _recorded = [];
    private int _recordedTotal;
    private int _duplicatesTotal;

    public FakeJournal()
    {
        Receive<FilterUndecided>(q => Sender.Tell(new Undecided(q.Ids.Where(id => !_decided.Contains(id)).ToHashSet())));
        Receive<RecordDecisions>(r =>
        {
            var recorded = new List<ContentId>();
            var duplicates = new List<ContentId>();
            foreach (var d in r.Decisions)
            {
                if (!_decided.Add(d.Id))
                {
                    duplicates.Add(d.Id);
                    continue;
                }
                _recorded.Add(d);
                recorded.Add(d.Id);
            }
            _recordedTotal += recorded.Count;
            _duplicatesTotal += duplicates.Count;
            Sender.Tell(new DecisionsRecorded(recorded, duplicates));
        });
        Receive<GetCounts>(_ => Sender.Tell(new Counts(_recordedTotal, _duplicatesTotal, _decided.Count)));
        Receive<GetRecorded>(_ => Sender.Tell(new Recorded(_recorded.ToArray())));
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new FakeJournal());

    public sealed record GetCounts
    {
        public static readonly GetCounts Instance = new();
    }

    public sealed record Counts(int Recorded, int Duplicates, int Distinct);

    public sealed record GetRecorded
    {
        public static readonly GetRecorded Instance = new();
    }

    /// <summary>Every decision recorded (the first per content id), in order.</summary>
    public sealed record Recorded(IReadOnlyList<IDecisionEvent> Decisions);
}
