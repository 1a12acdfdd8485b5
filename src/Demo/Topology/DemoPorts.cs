using System.Net;
using System.Net.Sockets;

namespace EdgeLabel.Demo.Topology;

/// <summary>Loopback ports for one run, chosen by the OS at run time so a demo never collides with a node already
/// running on the documented defaults (5080, 5090, 4053, ...). All listeners are held until every port is picked,
/// so the ports are distinct; a port taken in the moment before a node binds it fails that node's start, which the
/// demo reports with the node's log.</summary>
public static class DemoPorts
{
    public static IReadOnlyList<int> Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
