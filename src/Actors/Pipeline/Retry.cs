using Akka.Actor;

namespace EdgeLabel.Actors.Pipeline;

/// <summary>Retries an ask-style call that can time out while a journal restarts: exponential backoff, capped.</summary>
internal static class Retry
{
    public static async Task<T> ForeverAsync<T>(Func<Task<T>> attempt, CancellationToken ct = default)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (AskTimeoutException) when (!ct.IsCancellationRequested)
            {
                await Task.Delay(delay, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }
}
