using System.Text.RegularExpressions;
using EventSourcedTenancy.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedTenancy.Tests.Documentation;

/// <summary>
/// The README and docs/ name only what exists: every build target, every command of the service's command line,
/// and every HTTP route they mention. A rename that forgets the documentation fails here.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed partial class the_readme(ServiceFixture fixture)
{
    private static readonly string Root = Repository.Root();

    private static IEnumerable<string> DocumentationTexts() =>
        new[] { Path.Combine(Root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md"))
            .Concat(Directory.GetFiles(Path.Combine(Root, "samples"), "*.sh", SearchOption.AllDirectories))
            .Select(File.ReadAllText);

    [Fact]
    public void every_build_target_it_names_is_a_target_of_the_build()
    {
        var build = File.ReadAllText(Path.Combine(Root, "build.cake"));
        var targets = TaskName().Matches(build).Select(m => m.Groups[1].Value).ToHashSet();
        var named = DocumentationTexts().SelectMany(t => CakeTarget().Matches(t)).Select(m => m.Groups[1].Value).ToHashSet();

        named.Count.ShouldBeGreaterThan(8, "the README's targets were found");
        named.Where(n => !targets.Contains(n)).ShouldBeEmpty("targets named in the documentation that build.cake does not have");
    }

    [Fact]
    public async Task every_command_line_command_it_names_is_a_command_of_the_service()
    {
        var (exit, help) = await ServiceProcess.RunToEndAsync(["help"], new() { ["ConnectionStrings__Postgres"] = TestDatabase.ConnectionString() });
        exit.ShouldBe(0, help);
        var named = DocumentationTexts().SelectMany(t => RunCommand().Matches(t)).Select(m => m.Groups[1].Value).ToHashSet();

        named.Count.ShouldBeGreaterThan(8, "the README's commands were found");
        named.Where(n => !Regex.IsMatch(help, $@"(^|\s){Regex.Escape(n)}(\s|$)", RegexOptions.Multiline))
            .ShouldBeEmpty($"commands named in the documentation that `help` does not list:\n{help}");
    }

    [Fact]
    public void every_route_it_names_is_a_route_of_the_service()
    {
        var routes = fixture.Host.Services.GetServices<EndpointDataSource>()
            .SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => Normalize("/" + e.RoutePattern.RawText!.TrimStart('/')))
            .Select(r => new Regex("^" + Regex.Escape(r).Replace(@"\{}", "[^/]+", StringComparison.Ordinal) + "$"))
            .ToList();
        var named = DocumentationTexts().SelectMany(t => HttpRoute().Matches(t)).Select(m => Normalize(m.Groups[1].Value)).ToHashSet();

        named.Count.ShouldBeGreaterThan(40, "the README's routes were found");
        named.Where(n => !routes.Any(r => r.IsMatch(n))).ShouldBeEmpty("routes named in the documentation that the service does not serve");
    }

    /// <summary>Parameters compare by position, not by name ({id} in the README is {tenantId} in the route); a named value such as v1 fills one.</summary>
    private static string Normalize(string route) => Parameter().Replace(route.TrimEnd('/'), "{}");

    [GeneratedRegex(@"Task\(""(\w+)""\)")]
    private static partial Regex TaskName();

    [GeneratedRegex(@"dotnet cake --target=(\w+)")]
    private static partial Regex CakeTarget();

    [GeneratedRegex(@"dotnet run (?:--no-build |--no-launch-profile |--project \S+ |-c \S+ )*-- ([a-z][a-z-]+)")]
    private static partial Regex RunCommand();

    [GeneratedRegex(@"`(?:GET|POST|PUT|DELETE) (/[A-Za-z0-9\-/{}.]*)")]
    private static partial Regex HttpRoute();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
