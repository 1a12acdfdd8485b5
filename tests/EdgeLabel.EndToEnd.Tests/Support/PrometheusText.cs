using System.Globalization;

namespace EdgeLabel.EndToEnd.Tests.Support;

/// <summary>One sample of a Prometheus text exposition: <c>name{labels} value</c>.</summary>
public sealed record PrometheusSample(string Name, string Labels, double Value);

/// <summary>Reads what GET /metrics answers: <c>name{labels} value [timestamp]</c> per line; comments skipped.</summary>
public static class PrometheusText
{
    public static List<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var brace = line.IndexOf('{');
            var space = line.IndexOf(' ');
            string name, labels, rest;
            if (brace >= 0 && brace < space)
            {
                var close = line.LastIndexOf('}');
                name = line[..brace];
                labels = line[(brace + 1)..close];
                rest = line[(close + 1)..].Trim();
            }
            else
            {
                name = line[..space];
                labels = "";
                rest = line[(space + 1)..].Trim();
            }
            samples.Add(new PrometheusSample(name, labels, double.Parse(rest.Split(' ')[0], CultureInfo.InvariantCulture)));
        }
        return samples;
    }

    /// <summary>The sum of every sample of <paramref name="name"/> whose labels contain each of <paramref name="labels"/> (<c>key="value"</c>).</summary>
    public static double Sum(this IEnumerable<PrometheusSample> samples, string name, params string[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal))).Sum(s => s.Value);
}
