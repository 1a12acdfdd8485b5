using Akka.Actor;

namespace EdgeLabel.Actors.Inspection;

/// <summary>The actors under a path, as far down as asked (<c>edgelabel ctl actor tree</c>).</summary>
public sealed record ActorTreeNode(string Path, IReadOnlyList<ActorTreeNode> Children);

/// <summary>Start the walk; the tree goes to the sender.</summary>
public sealed record WalkActorTree
{
    public static readonly WalkActorTree Instance = new();
}

/// <summary>Walks the actor tree under one path for one request: Identify to <c>path/*</c> at every level, answers
/// gathered for a short window (an actor that does not answer in it is left out), then the tree goes to the asker and
/// the walker stops. Akka has no "list children" query that crosses actors, and this never blocks one.</summary>
public sealed class ActorTreeWalker : ReceiveActor
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(300);
    private const int MaxActors = 2000;

    private IActorRef _replyTo = ActorRefs.Nobody;
    private readonly int _depth;
    private readonly Dictionary<string, List<string>> _children = new(StringComparer.Ordinal);
    private readonly string _root;
    private List<string> _level;
    private int _levelNumber;
    private int _seen;

    public ActorTreeWalker(string root, int depth)
    {
        _root = root.TrimEnd('/');
        _depth = depth;
        _level = [_root];
        Receive<WalkActorTree>(_ =>
        {
            _replyTo = Sender;
            AskLevel();
        });
        Receive<ActorIdentity>(identity =>
        {
            if (identity.Subject is not { } subject || subject.Equals(Self) || identity.MessageId is not string parent || _seen >= MaxActors) return;
            var path = subject.Path.ToStringWithoutAddress();
            if (!_children.TryGetValue(parent, out var list)) _children[parent] = list = [];
            if (!list.Contains(path)) { list.Add(path); _seen++; }
        });
        Receive<ReceiveTimeout>(_ => NextLevel());
    }

    public static Props Props(string root, int depth) => Akka.Actor.Props.Create(() => new ActorTreeWalker(root, depth));

    private void AskLevel()
    {
        foreach (var path in _level) Context.ActorSelection(path + "/*").Tell(new Identify(path), Self);
        Context.SetReceiveTimeout(Window);
    }

    private void NextLevel()
    {
        _levelNumber++;
        _level = _level.SelectMany(p => _children.GetValueOrDefault(p) ?? []).ToList();
        if (_levelNumber < _depth && _level.Count > 0 && _seen < MaxActors)
        {
            AskLevel();
            return;
        }
        _replyTo.Tell(Build(_root));
        Context.Stop(Self);
    }

    private ActorTreeNode Build(string path) =>
        new(path, (_children.GetValueOrDefault(path) ?? []).Order(StringComparer.Ordinal).Select(Build).ToArray());
}
