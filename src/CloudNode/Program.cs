using Akka.Hosting;
using EdgeLabel.Actors.Configuration;
using EdgeLabel.Actors.Hosting;

// The cloud node is a host for the cloud-side actors (site intake, dataset, labeling jobs) that later issues
// add. Today it loads its HOCON, starts the ActorSystem with our serializer and serves /healthz.
string? configFile = null;
for (var i = 0; i < args.Length - 1; i++)
    if (args[i] == "--config") configFile = args[i + 1];

try
{
    var hocon = ConfigLoader.Load(configFile, Path.Combine(ConfigLoader.HoconDirectory(), "cloud.conf"));
    var url = hocon.GetString("edgelabel.cloud.http.url", "http://127.0.0.1:5090");
    var builder = WebApplication.CreateSlimBuilder();
    builder.WebHost.UseUrls(url);
    builder.Services.AddAkka("edgelabel-cloud", akka => akka.AddHocon(hocon, HoconAddMode.Prepend).AddEdgeLabelSerialization());
    var app = builder.Build();
    app.MapGet("/healthz", () => Results.Ok(new { status = "ok", role = "cloud" }));
    await app.RunAsync();
    return 0;
}
catch (ConfigurationException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}
