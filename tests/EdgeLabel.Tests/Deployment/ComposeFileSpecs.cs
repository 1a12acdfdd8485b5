using EdgeLabel.Tests.Support;

namespace EdgeLabel.Tests.Deployment;

/// <summary>docker/docker-compose.yml against the configuration schema, since CI has no Docker engine to run it: every
/// EdgeLabel service's HOCON file with its environment validated as one deployment, and the compose file's own
/// ports, health checks, volumes, images, users and secrets agreeing with it.</summary>
public sealed class ComposeFileSpecs
{
    private static readonly string ComposeDirectory = Path.Combine(RepoPaths.Root, "docker");
    private static readonly string ComposeText = File.ReadAllText(Path.Combine(ComposeDirectory, "docker-compose.yml"));

    private static IReadOnlyList<string> Check(string composeText) => ComposeChecks.Problems(composeText, ComposeDirectory, RepoPaths.Root);

    [Fact]
    public void The_compose_file_is_a_valid_deployment_of_two_cloud_nodes_and_three_sites()
    {
        var problems = Check(ComposeText);

        Assert.True(problems.Count == 0, "problems:\n" + string.Join("\n", problems));
        var services = ComposeFile.Parse(ComposeText, ComposeFile.ReadEnvFile(File.ReadAllText(Path.Combine(ComposeDirectory, ".env.example")))).Services;
        Assert.Equal(["cloud-1", "cloud-2"], services.Where(s => s.Dockerfile == "docker/Dockerfile.cloud").Select(s => s.Name));
        Assert.Equal(["edge-north", "edge-south", "edge-east"], services.Where(s => s.Dockerfile == "docker/Dockerfile.edge").Select(s => s.Name));
        Assert.Equal(["north", "south", "east"], services.Where(s => s.Environment.ContainsKey("EDGELABEL_SITE")).Select(s => s.Environment["EDGELABEL_SITE"]));
        Assert.Contains(services, s => s.Image?.StartsWith("postgres:", StringComparison.Ordinal) == true);
        Assert.Contains(services, s => s.Image?.StartsWith("minio/minio:", StringComparison.Ordinal) == true);
        Assert.Contains("docker/.env", File.ReadAllLines(Path.Combine(RepoPaths.Root, ".gitignore")));
    }

    [Theory]
    [InlineData("EDGELABEL_SITE: south", "EDGELABEL_SITE: north", "duplicate site name 'north'")]
    [InlineData("EDGELABEL_CLUSTER_PORT: \"4060\"\n  EDGELABEL_CLUSTER_SEEDS: \"cloud-1:4053,cloud-2:4053\"",
        "EDGELABEL_CLUSTER_PORT: \"4060\"\n  EDGELABEL_CLUSTER_SEEDS: \"cloud-1:4053,cloud-3:4053\"", "edge-north: seed cloud-3:4053 names no cloud service")]
    [InlineData("EDGELABEL_CLUSTER_PORT: \"4060\"\n  EDGELABEL_CLUSTER_SEEDS: \"cloud-1:4053,cloud-2:4053\"",
        "EDGELABEL_CLUSTER_PORT: \"4060\"\n  EDGELABEL_CLUSTER_SEEDS: \"cloud-1:4053,cloud-2:4054\"", "edge-east: seed cloud-2:4054, but cloud-2's cluster port is 4053")]
    [InlineData("EDGELABEL_CLUSTER_PUBLIC_HOST: edge-east", "EDGELABEL_CLUSTER_PUBLIC_HOST: edge-west", "edge-east: announces public host 'edge-west'")]
    [InlineData("- \"5082:5080\"", "- \"5082:5081\"", "edge-south: HTTP port 5080 is not published")]
    [InlineData("http://127.0.0.1:5090/healthz", "http://127.0.0.1:5091/healthz", "cloud-2: the health check asks http://127.0.0.1:5091/healthz")]
    [InlineData("expose: [\"4053\"]", "expose: [\"4054\"]", "cloud-1: cluster port 4053 is neither exposed nor published")]
    [InlineData("- edge-east-data:/var/lib/edgelabel", "- edge-north-data:/var/lib/edgelabel", "edge-north, edge-east: share volume edge-north-data")]
    [InlineData("- cloud-2-data:/var/lib/edgelabel", "- /srv/cloud-2:/var/lib/edgelabel", "cloud-2: data-dir /var/lib/edgelabel is not on a named volume")]
    [InlineData("- postgres-data:/var/lib/postgresql/data", "- ./postgres:/var/lib/postgresql/data", "postgres: holds the deployment's state")]
    [InlineData("dockerfile: docker/Dockerfile.edge", "dockerfile: docker/Dockerfile.cloud", "edge-south: the cloud image runs hocon/deploy/site.conf")]
    [InlineData("dockerfile: docker/Dockerfile.cloud", "dockerfile: Dockerfile", "cloud-1: image edgelabel-cloud:local is built from Dockerfile")]
    [InlineData("EDGELABEL_ADMIN_TOKEN: \"${EDGELABEL_ADMIN_TOKEN:?set EDGELABEL_ADMIN_TOKEN in docker/.env}\"",
        "EDGELABEL_ADMIN_TOKEN: \"0123456789abcdef0123\"", "cloud-1: EDGELABEL_ADMIN_TOKEN is written in the compose file")]
    [InlineData("Password=${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in docker/.env}", "Password=change-me-postgres",
        "holds the value of POSTGRES_PASSWORD")]
    [InlineData("${EDGELABEL_GT_WORKER_TOKENS:?set", "${EDGELABEL_GT_WORKER_TOKENZ:?set", "variable EDGELABEL_GT_WORKER_TOKENZ is not set")]
    [InlineData("EDGELABEL_HTTP_URL: \"http://0.0.0.0:5090\"", "EDGELABEL_HTTP_URL: \"http://127.0.0.1:5090\"", "cloud-1: HTTP listens on 127.0.0.1")]
    [InlineData("- ../hocon/deploy/site.conf:/etc/edgelabel/site.conf:ro\n      - edge-east-data",
        "- ../hocon/deploy/sites.conf:/etc/edgelabel/site.conf:ro\n      - edge-east-data", "edge-east: ../hocon/deploy/sites.conf (mounted at /etc/edgelabel/site.conf) does not exist")]
    [InlineData("EDGELABEL_SITE: east", "EDGELABEL_SITE: East", "edge-east: edgelabel.site: 'East' is not a valid name")]
    public void A_compose_file_that_breaks_the_deployment_is_refused_with_the_service_at_fault(string original, string broken, string problem)
    {
        var text = ComposeText.Replace(original, broken, StringComparison.Ordinal);
        Assert.NotEqual(ComposeText, text);

        var problems = Check(text);

        Assert.True(problems.Any(p => p.Contains(problem, StringComparison.Ordinal)),
            $"expected a problem with \"{problem}\"; got:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void The_Dockerfiles_run_as_a_non_root_user_and_check_health_while_one_running_as_root_is_refused()
    {
        foreach (var name in new[] { "Dockerfile.edge", "Dockerfile.cloud" })
            Assert.Empty(ComposeChecks.DockerfileProblems(name, File.ReadAllText(Path.Combine(ComposeDirectory, name))));

        var rootOnly = ComposeChecks.DockerfileProblems("Dockerfile", """
            FROM sdk AS build
            USER app
            FROM runtime
            HEALTHCHECK CMD curl -fsS http://127.0.0.1:5080/healthz
            """).ToList();
        var root = ComposeChecks.DockerfileProblems("Dockerfile", "FROM runtime\nUSER root\nHEALTHCHECK CMD true\n").ToList();

        Assert.Equal(["Dockerfile: the final stage sets no USER, so the container runs as root"], rootOnly);
        Assert.Equal(["Dockerfile: the final stage runs as root", "Dockerfile: the final stage has no HEALTHCHECK against /healthz"], root);
    }
}
