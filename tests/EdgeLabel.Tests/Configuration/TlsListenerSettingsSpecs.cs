using EdgeLabel.Actors.Configuration;
using EdgeLabel.Tests.Support;
using Config = Akka.Configuration.Config;
using ConfigurationFactory = Akka.Configuration.ConfigurationFactory;

namespace EdgeLabel.Tests.Configuration;

/// <summary><c>edgelabel.cloud.http.tls</c>: off as shipped; an https URL with certificate and key turns it on; every
/// incomplete or contradictory block names its key.</summary>
public sealed class TlsListenerSettingsSpecs
{
    private static readonly Config ShippedCloud = ConfigurationFactory.ParseString(File.ReadAllText(RepoPaths.Hocon("cloud.conf")));

    private static TlsListenerSettings? Read(string hocon = "") =>
        CloudSettingsReader.Read(ConfigurationFactory.ParseString(hocon).WithFallback(ShippedCloud), "/srv/edgelabel").Tls;

    [Fact]
    public void The_shipped_config_has_no_tls_listener() => Assert.Null(Read());

    [Fact]
    public void An_https_url_with_certificate_and_key_is_read_with_paths_resolved_against_the_base_directory()
    {
        var tls = Read("""edgelabel.cloud.http.tls { url = "https://0.0.0.0:5443", certificate = "tls/cert.pem", key = "/etc/edgelabel/key.pem" }""");
        Assert.Equal(new TlsListenerSettings("https://0.0.0.0:5443", "/srv/edgelabel/tls/cert.pem", "/etc/edgelabel/key.pem"), tls);
    }

    [Theory]
    [InlineData("""url = "http://0.0.0.0:5443", certificate = c.pem, key = k.pem""", "edgelabel.cloud.http.tls.url")]
    [InlineData("""url = "https://0.0.0.0:5443/admin", certificate = c.pem, key = k.pem""", "edgelabel.cloud.http.tls.url")]
    [InlineData("""url = "0.0.0.0:5443", certificate = c.pem, key = k.pem""", "edgelabel.cloud.http.tls.url")]
    [InlineData("""url = "https://0.0.0.0:5443", key = k.pem""", "edgelabel.cloud.http.tls.certificate")]
    [InlineData("""url = "https://0.0.0.0:5443", certificate = c.pem""", "edgelabel.cloud.http.tls.key")]
    [InlineData("""certificate = c.pem, key = k.pem""", "edgelabel.cloud.http.tls.url")]
    public void An_incomplete_or_plain_http_block_names_its_key(string block, string key) =>
        Assert.Equal(key, Assert.Throws<ConfigurationException>(() => Read($"edgelabel.cloud.http.tls {{ {block} }}")).KeyPath);
}
