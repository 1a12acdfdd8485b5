using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using EdgeLabel.EndToEnd.Tests.Support;
using EdgeLabel.EndToEnd.Tests.Support.Cluster;

namespace EdgeLabel.EndToEnd.Tests.Cluster;

/// <summary>The cloud node's optional TLS listener (<c>edgelabel.cloud.http.tls</c>) with a self-signed certificate, as an
/// operator on another machine uses it: <c>ctl --node https://… --ca-file CERT</c> works; without <c>--ca-file</c>, with
/// another certificate, or under a host name the certificate does not name, ctl refuses the node (exit 1, the reason
/// on stderr) and sends nothing; the plain loopback listener keeps serving the node's own clients.</summary>
public sealed class AdminTlsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ctl_reaches_the_tls_listener_only_when_it_can_verify_the_certificate()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = new ClusterDeployment("admin-tls", output);
        var certificate = WritePem(cluster.Temp.Sub("tls"), "node", out var certFile, out var keyFile);
        WritePem(cluster.Temp.Sub("other"), "other", out var otherCertFile, out _);
        var tlsPort = FreePort.Next();
        var cloud = cluster.AddCloud(extraHocon:
            [$"cloud.http.tls {{ url = \"https://127.0.0.1:{tlsPort}\", certificate = {JsonSerializer.Serialize(certFile)}, key = {JsonSerializer.Serialize(keyFile)} }}"]);
        await cluster.StartAsync(ct);
        output.WriteLine($"certificate {certificate.Subject}, SAN 127.0.0.1 only");

        var tlsNode = $"https://127.0.0.1:{tlsPort}";
        var trusted = await CtlAsync(cluster, ct, tlsNode, "--ca-file", certFile, "--json", "cluster", "show");
        Assert.True(trusted.ExitCode == 0, $"ctl over TLS with --ca-file: exit {trusted.ExitCode}: {trusted.Stderr}");
        var view = JsonSerializer.Deserialize<JsonElement>(trusted.Stdout);
        Assert.Equal("up", view.GetProperty("selfStatus").GetString());

        var untrusted = await CtlAsync(cluster, ct, tlsNode, "cluster", "show");
        Assert.True(untrusted.ExitCode == 1 && untrusted.Stderr.Contains("TLS refused", StringComparison.Ordinal) && untrusted.Stderr.Contains("--ca-file", StringComparison.Ordinal),
            $"without --ca-file: exit {untrusted.ExitCode}: {untrusted.Stderr}");

        var wrongRoot = await CtlAsync(cluster, ct, tlsNode, "--ca-file", otherCertFile, "cluster", "show");
        Assert.True(wrongRoot.ExitCode == 1 && wrongRoot.Stderr.Contains("TLS refused", StringComparison.Ordinal),
            $"with another certificate as root: exit {wrongRoot.ExitCode}: {wrongRoot.Stderr}");

        var wrongName = await CtlAsync(cluster, ct, $"https://localhost:{tlsPort}", "--ca-file", certFile, "cluster", "show");
        Assert.True(wrongName.ExitCode == 1 && wrongName.Stderr.Contains("TLS refused", StringComparison.Ordinal),
            $"a host name the certificate does not name: exit {wrongName.ExitCode}: {wrongName.Stderr}");

        var noToken = await CtlAsync(cluster, ct, tlsNode, "--ca-file", certFile, "--token-file", cluster.WrongTokenFile(), "cluster", "show");
        Assert.True(noToken.ExitCode == 1 && noToken.Stderr.Contains("refused the admin token", StringComparison.Ordinal),
            $"a wrong token over TLS: exit {noToken.ExitCode}: {noToken.Stderr}");

        var plain = await CtlAsync(cluster, ct, cloud.HttpUrl, "--json", "cluster", "show");
        Assert.True(plain.ExitCode == 0, $"the loopback listener: exit {plain.ExitCode}: {plain.Stderr}");
        foreach (var answer in new[] { trusted, untrusted, wrongRoot, wrongName, noToken, plain })
            Assert.DoesNotContain(cluster.AdminToken, answer.Stdout + answer.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A self-signed server certificate for 127.0.0.1 (no DNS name), its PEM and unencrypted PKCS#8 key.</summary>
    private static X509Certificate2 WritePem(string directory, string name, out string certFile, out string keyFile)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=edgelabel-{name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        certFile = Path.Combine(directory, "cert.pem");
        keyFile = Path.Combine(directory, "key.pem");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> CtlAsync(ClusterDeployment cluster, CancellationToken ct, string node, params string[] args)
    {
        var result = await CliProcess.RunAsync(["ctl", "--node", node, .. args],
            args.Contains("--token-file") ? null : new Dictionary<string, string> { ["EDGELABEL_ADMIN_TOKEN"] = cluster.AdminToken }, ct);
        output.WriteLine($"$ edgelabel ctl --node {node} {string.Join(" ", args)} -> {result.ExitCode}\n{result.Stdout}{result.Stderr}");
        return result;
    }
}
