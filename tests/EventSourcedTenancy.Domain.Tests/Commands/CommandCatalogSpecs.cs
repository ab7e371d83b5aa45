using System.Reflection;
using System.Text.RegularExpressions;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Domain.Tests.Support;

namespace EventSourcedTenancy.Domain.Tests.Commands;

/// <summary>
/// Every command goes through the one pipeline, so every command of the domain is an
/// <see cref="ITenancyCommand"/>; a command offered over HTTP names, in its route, only members of itself.
/// </summary>
public partial class CommandCatalogSpecs
{
    public static TheoryData<string> RoutedCommands() =>
        [.. CommandCatalog.CommandTypes.Where(t => t.GetCustomAttribute<HttpCommandAttribute>() is not null).Select(t => t.Name).Order()];

    [Fact]
    public void every_command_of_the_domain_goes_through_the_pipeline() =>
        CommandCatalog.CommandTypes.Where(t => !typeof(ITenancyCommand).IsAssignableFrom(t)).Select(t => t.Name)
            .ShouldBeEmpty("commands that do not implement ITenancyCommand");

    [Fact]
    public void every_command_but_the_bootstrap_has_an_http_route() =>
        CommandCatalog.CommandTypes.Where(t => t.GetCustomAttribute<HttpCommandAttribute>() is null).Select(t => t.Name)
            .ShouldBe(["CreateInstallation"]);

    [Theory]
    [MemberData(nameof(RoutedCommands))]
    public void a_route_placeholder_names_a_member_of_its_command(string command)
    {
        var type = CommandCatalog.CommandTypes.Single(t => t.Name == command);
        var http = type.GetCustomAttribute<HttpCommandAttribute>()!;
        var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var placeholders = Placeholder().Matches(http.Route).Select(m => m.Groups[1].Value).ToList();

        http.Method.ShouldBeOneOf("POST", "PUT", "DELETE");
        http.Route.ShouldStartWith("/");
        http.Summary.ShouldNotBeNullOrWhiteSpace();
        placeholders.Where(p => !members.Contains(p)).ShouldBeEmpty($"placeholders of {http.Route} that are not members of {command}");
        if (http.ReasonMember is { } reason)
        {
            members.ShouldContain(reason, $"{command}'s reason member");
        }

        if (http.Created is { } created)
        {
            created.ShouldMatch(@"^/\w+/\{id\}$", $"{command}'s created location names the new stream's id");
        }
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Placeholder();
}
