using Akka.Actor;
using Akka.Persistence;

namespace EdgeLabel.Tests.Persistence;

/// <summary>Test-only persistent actor: appends integers in batches with PersistAll and reports what it recovered.</summary>
public sealed class CounterActor : ReceivePersistentActor
{
    public sealed record Append(int From, int Count);

    public sealed record Appended(long LastSequenceNr);

    public sealed record GetEvents;

    public sealed record Events(IReadOnlyList<int> Values, long LastSequenceNr);

    private readonly List<int> _values = [];

    public CounterActor(string persistenceId)
    {
        PersistenceId = persistenceId;
        // Events are plain ints: Akka's primitive serializer stores them, no EdgeLabel serializer needed.
        Recover<int>(_values.Add);
        Command<Append>(append =>
        {
            var events = Enumerable.Range(append.From, append.Count).ToArray();
            var replyTo = Sender;
            var handled = 0;
            PersistAll(events, value =>
            {
                _values.Add(value);
                // PersistAll calls back once per event, in order; answer after the last is stored.
                if (++handled == events.Length) replyTo.Tell(new Appended(LastSequenceNr));
            });
        });
        Command<GetEvents>(_ => Sender.Tell(new Events(_values.ToArray(), LastSequenceNr)));
    }

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new CounterActor(persistenceId));
}
