using System.Text.Json.Nodes;
using Alba;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Hosting;
using EventSourcedTenancy.Tests.Infrastructure;

namespace EventSourcedTenancy.Tests.Hosting;

/// <summary>
/// The OpenAPI document describes the API it serves, so that a client generated from it has real types:
/// who may call each operation, the headers every command reads, a typed body for every success, a
/// ProblemDetails body for every refusal, the Location of what a command created.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class the_openapi_document(ServiceFixture fixture)
{
    [Fact]
    public async Task declares_the_bearer_scheme_and_the_installation_key()
    {
        var document = await DocumentAsync();
        var schemes = document["components"]!["securitySchemes"].ShouldNotBeNull();

        var bearer = schemes[OpenApiDescription.BearerScheme].ShouldNotBeNull();
        ((string?)bearer["type"]).ShouldBe("http");
        ((string?)bearer["scheme"]).ShouldBe("bearer");
        ((string?)bearer["bearerFormat"]).ShouldBe("JWT");

        var key = schemes[OpenApiDescription.InstallationKeyScheme].ShouldNotBeNull();
        ((string?)key["type"]).ShouldBe("apiKey");
        ((string?)key["in"]).ShouldBe("header");
        ((string?)key["name"]).ShouldBe("X-Installation-Key");
    }

    [Fact]
    public async Task requires_the_bearer_token_wherever_the_service_does()
    {
        var document = await DocumentAsync();
        foreach (var (id, operation) in Operations(document))
        {
            var schemes = operation["security"].ShouldNotBeNull($"{id} names no security requirement").AsArray()
                .SelectMany(requirement => requirement!.AsObject().Select(s => s.Key))
                .ToList();
            schemes.ShouldHaveSingleItem($"{id} names more than one security requirement").ShouldBe(
                id == "CreateInstallation" ? OpenApiDescription.InstallationKeyScheme : OpenApiDescription.BearerScheme,
                $"{id} names the wrong security requirement");
        }
    }

    [Fact]
    public async Task every_command_operation_declares_the_headers_it_reads()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToDictionary(o => o.Id, o => o.Operation);

        foreach (var command in CommandCatalog.Commands)
        {
            var operation = operations.GetValueOrDefault(command.Name).ShouldNotBeNull($"no operation for {command.Name}");
            var headers = (operation["parameters"]?.AsArray() ?? [])
                .Where(p => (string?)p!["in"] == "header")
                .ToDictionary(p => (string)p!["name"]!, p => p!);

            string? Schema(string header, string keyword) =>
                headers.GetValueOrDefault(header).ShouldNotBeNull($"{command.Name} does not declare {header}")["schema"]?[keyword]?.ToString();

            Schema("Idempotency-Key", "format").ShouldBe("uuid");
            Schema("X-Act-As", "format").ShouldBe("uuid");
            Schema("X-Reason", "maxLength").ShouldBe("500");
            Schema("X-Correlation-Id", "maxLength").ShouldBe("200");
            var version = Schema("If-Match", "pattern").ShouldNotBeNull();
            new System.Text.RegularExpressions.Regex(version).IsMatch("\"7\"").ShouldBeTrue("If-Match takes a quoted version");
            new System.Text.RegularExpressions.Regex(version).IsMatch("7").ShouldBeTrue("If-Match takes a bare version");
            headers.Values.ShouldAllBe(h => h["required"] == null || !(bool)h["required"]!, $"{command.Name} requires an optional header");
        }
    }

    [Fact]
    public async Task every_operation_answers_with_a_typed_body_and_refuses_with_problem_details()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();

        foreach (var (id, operation) in Operations(document))
        {
            ((string?)operation["summary"]).ShouldNotBeNullOrWhiteSpace($"{id} has no summary");
            var responses = operation["responses"]!.AsObject();

            var successes = responses.Where(r => r.Key.StartsWith('2')).ToList();
            successes.ShouldNotBeEmpty($"{id} declares no success");
            foreach (var (status, response) in successes)
            {
                var content = response!["content"].ShouldNotBeNull($"{id} {status} has no body").AsObject();
                content.Count.ShouldBeGreaterThan(0, $"{id} {status} has no body");
                foreach (var (type, media) in content)
                {
                    IsTyped(media!["schema"], schemas).ShouldBeTrue($"{id} {status} {type} has no real type: {media["schema"]?.ToJsonString()}");
                }
            }

            var refusals = responses.Where(r => r.Key.StartsWith('4')).ToList();
            refusals.ShouldNotBeEmpty($"{id} declares no refusal");
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                var content = response!["content"].ShouldNotBeNull($"{id} {status} has no body").AsObject();
                content.Select(c => c.Key).ShouldHaveSingleItem($"{id} {status} has more than one body").ShouldBe("application/problem+json", $"{id} {status} is not a ProblemDetails");
                ((string?)content["application/problem+json"]!["schema"]!["$ref"]).ShouldBe("#/components/schemas/ProblemDetails", $"{id} {status}");
            }

            if (responses["201"] is { } created)
            {
                created["headers"]?["Location"].ShouldNotBeNull($"{id} creates without a Location");
            }
        }

        schemas["ProblemDetails"]!["properties"]!["code"].ShouldNotBeNull("the refusals' code is not described");
    }

    /// <summary>The 413 of each command names the limit the request edge applies to it: a bulk command's own, or the default.</summary>
    [Fact]
    public async Task every_command_operation_names_its_own_body_limit()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToDictionary(o => o.Id, o => o.Operation);

        var described = 0;
        foreach (var (command, http) in CommandCatalog.HttpCommands.Where(c => operations[c.Command.Name]["requestBody"] is not null))
        {
            described++;
            var limit = EventSourcedTenancy.Hosting.RequestEdge.BodyLimit(http);
            var tooLarge = operations[command.Name]["responses"]!["413"].ShouldNotBeNull($"{command.Name} does not declare 413");
            ((string?)tooLarge["description"]).ShouldBe($"The body is larger than {limit / 1024} KiB; nothing is read.", command.Name);
        }

        described.ShouldBeGreaterThan(10, "the commands with a body");
        CommandCatalog.HttpCommands.ShouldContain(c => c.Http.MaxBodyBytes > 0 && operations[c.Command.Name]["requestBody"] != null, "a bulk command with a larger limit is among them");
    }

    [Fact]
    public async Task commands_that_create_declare_201_with_location()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToDictionary(o => o.Id, o => o.Operation);

        foreach (var (command, http) in CommandCatalog.HttpCommands.Where(c => c.Http.Created is not null))
        {
            var responses = operations[command.Name]["responses"]!;
            responses["201"].ShouldNotBeNull($"{command.Name} does not declare 201")["headers"]!["Location"].ShouldNotBeNull();
            responses["200"].ShouldNotBeNull($"{command.Name} does not declare the 200 of a repeat");
        }
    }

    [Fact]
    public async Task describes_the_service_its_tags_and_its_server()
    {
        var document = await DocumentAsync();
        var info = document["info"]!;
        ((string?)info["description"]).ShouldNotBeNullOrWhiteSpace();
        ((string?)info["license"]?["name"]).ShouldBe("MIT");
        ((string?)info["license"]?["identifier"]).ShouldBe("MIT");
        ((string?)info["contact"]?["name"]).ShouldNotBeNullOrWhiteSpace();

        var servers = document["servers"]!.AsArray().Select(s => (string)s!["url"]!).ToList();
        servers.ShouldNotBeEmpty();
        servers.ShouldAllBe(url => !url.EndsWith('/'));

        var tags = document["tags"]!.AsArray().ToDictionary(t => (string)t!["name"]!, t => (string?)t!["description"]);
        tags.Values.ShouldAllBe(description => !string.IsNullOrWhiteSpace(description));
        foreach (var (id, operation) in Operations(document))
        {
            foreach (var tag in operation["tags"]!.AsArray())
            {
                tags.ShouldContainKey((string)tag!, $"{id}'s tag is not declared");
            }
        }
    }

    private async Task<JsonNode> DocumentAsync()
    {
        var result = await fixture.Host.Scenario(s =>
        {
            s.Get.Url("/openapi/v1.json");
            s.StatusCodeShouldBeOk();
        });
        return JsonNode.Parse(await result.ReadAsTextAsync()).ShouldNotBeNull();
    }

    private static IEnumerable<(string Id, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => ((string?)op.Value!["operationId"] ?? $"{op.Key} {path.Key}", op.Value!)));

    /// <summary>A schema that says what the body is: not missing, not an object with nothing in it.</summary>
    private static bool IsTyped(JsonNode? schema, JsonObject schemas)
    {
        if (schema is null)
        {
            return false;
        }

        if ((string?)schema["$ref"] is { } reference)
        {
            return IsTyped(schemas[reference.Split('/')[^1]], schemas);
        }

        if (schema["items"] is { } items)
        {
            return IsTyped(items, schemas);
        }

        var type = schema["type"]?.ToJsonString();
        return type is not null && (!type.Contains("object", StringComparison.Ordinal)
            || schema["properties"] is JsonObject { Count: > 0 }
            || schema["additionalProperties"] is JsonObject);
    }
}
