using System.Net;
using System.Net.Sockets;

namespace EdgeLabel.EndToEnd.Tests.Support;

internal static class FreePort
{
    /// <summary>A loopback port that was free a moment ago (the OS picks it; the listener is closed at once).</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
