using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace EdgeLabel.CloudNode.Portal;

/// <summary>What a session may do: a labeler works their tasks; an admin (signed in with the node's admin token) reads the
/// admin views and works no tasks.</summary>
public enum PortalRole { Labeler, Admin }

/// <summary>A signed-in labeler or admin: who, the CSRF token every state-changing request of this session must carry,
/// and when it ends.</summary>
public sealed record PortalSession(string Worker, string CsrfToken, DateTimeOffset ExpiresAt, PortalRole Role = PortalRole.Labeler)
{
    /// <summary>The role as the pages see it: "labeler" or "admin".</summary>
    public string RoleName => Role == PortalRole.Admin ? "admin" : "labeler";
}

/// <summary>The portal's sessions, in memory (a node restart signs everybody out; drafts survive in the browser). The
/// cookie holds a random 256-bit id; only its SHA-256 is kept, so a memory dump does not hand out live sessions.</summary>
public sealed class PortalSessions(TimeProvider clock)
{
    public const string CookieName = "edgelabel-session";
    public const string CsrfHeader = "X-EdgeLabel-CSRF";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
    // Per labeler (a few browsers each): sessions are only made for a right password, so this bounds them all.
    private const int MaxSessionsPerWorker = 16;

    private readonly ConcurrentDictionary<string, PortalSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>A new session for <paramref name="worker"/>; returns the cookie value (the only copy of the id).</summary>
    public (string CookieValue, PortalSession Session) Start(string worker, PortalRole role = PortalRole.Labeler)
    {
        Prune(worker);
        var id = Base64Url(RandomNumberGenerator.GetBytes(32));
        var session = new PortalSession(worker, Base64Url(RandomNumberGenerator.GetBytes(32)), clock.GetUtcNow() + Lifetime, role);
        _sessions[Key(id)] = session;
        return (id, session);
    }

    /// <summary>The live session of a cookie value, or null.</summary>
    public PortalSession? Find(string? cookieValue)
    {
        if (string.IsNullOrEmpty(cookieValue) || cookieValue.Length > 100) return null;
        var key = Key(cookieValue);
        if (!_sessions.TryGetValue(key, out var session)) return null;
        if (session.ExpiresAt > clock.GetUtcNow()) return session;
        _sessions.TryRemove(key, out _);
        return null;
    }

    public void End(string? cookieValue)
    {
        if (!string.IsNullOrEmpty(cookieValue)) _sessions.TryRemove(Key(cookieValue), out _);
    }

    /// <summary>True when <paramref name="presented"/> is the session's CSRF token (constant-time).</summary>
    public static bool CsrfMatches(PortalSession session, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(session.CsrfToken));

    /// <summary>Drops the labeler's expired sessions and, at the cap, the ones that would end soonest.</summary>
    private void Prune(string worker)
    {
        var now = clock.GetUtcNow();
        var mine = _sessions.Where(s => s.Value.Worker == worker).OrderBy(s => s.Value.ExpiresAt).ToList();
        var excess = mine.Count - (MaxSessionsPerWorker - 1);
        foreach (var (key, session) in mine)
            if (session.ExpiresAt <= now || excess-- > 0) _sessions.TryRemove(key, out _);
    }

    private static string Key(string id) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
