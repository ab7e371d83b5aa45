using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Rules;
using EventSourcedTenancy.Tenants;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace EventSourcedTenancy.Hosting;

/// <summary>
/// Makes the OpenAPI document at /openapi/v1.json say what the service does, so that a client generated
/// from it has real types: who may call (the bearer token, or the installation key), the optional headers
/// every command reads, the path parameters of the command routes, a ProblemDetails body for every
/// refusal, the Location of what a command created, and the service's description, license and tags.
/// The commands' part follows from the <see cref="CommandCatalog"/>, like their endpoints.
/// </summary>
public static class OpenApiDescription
{
    public const string BearerScheme = "Bearer";
    public const string InstallationKeyScheme = "InstallationKey";
    public const string ProblemContentType = "application/problem+json";

    /// <summary>What each group of operations is about, in the order the reference lists them.</summary>
    public static readonly IReadOnlyList<(string Name, string Description)> Tags =
    [
        ("Tenants", "Tenants and their settings: create a child tenant, its management mode, policies, branding, workspaces, custom roles, ownership, impersonation targets, deletion. Also the one-off installation."),
        ("Accounts", "Administrator and user accounts of a tenant: invitations, roles, activation, deletion and restore, erasure, password and MFA resets, workspace roles and function privileges."),
        ("Applications", "Applications (clients) of a tenant: register, edit, enable, disable, delete and restore, rotate client secrets. A secret is shown once, in the reply to the command that issued it; reads show which secrets are valid, never a secret."),
        ("Federation", "Federation connections of a tenant (OpenID Connect, SAML): create, edit, enable, disable, delete. A client secret is sealed with the installation's key apart from the events, never returned, and destroyed with the connection or the tenant."),
        ("Users", "The user list of a tenant or of its subtree, filtered, sorted and paged."),
        ("Recycle bin", "Soft-deleted accounts, deleted applications and deleted child tenants, with who deleted them, when, why and until when they can be restored."),
        ("Audit", "The tamper-evident audit trail: read it page by page, export it, verify its hash chain."),
        ("AuditStreaming", "Audit streams: the trail of a tenant and its subtree sent to a webhook as it is written, in order, at least once, in batches signed with HMAC-SHA256; where each stands; pause, resume, delete."),
        ("Compliance", "Answers about the past, folded from the events: a tenant or account as it was, who held a capability, when an account gained and lost one, step-by-step timelines."),
        ("Observability", "Per-tenant figures: accounts by role and state, pending invitations, administrative actions per day, usage, and how current the figures are."),
    ];

    /// <summary>The optional headers every command reads (<see cref="CommandMetadata.FromHttp"/>), in the order they are listed.</summary>
    public static readonly IReadOnlyList<string> CommandHeaders = [CommandMetadata.IdempotencyKeyHeader, "If-Match", "X-Act-As", "X-Reason", "X-Correlation-Id"];

    public static OpenApiOptions DescribeService(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, context, _) =>
        {
            DescribeDocument(document, context.ApplicationServices.GetService<IConfiguration>());
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            DescribeSchema(schema, context.JsonTypeInfo.Type);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            DescribeOperation(operation, context.Description, context.Document);
            return Task.CompletedTask;
        });
        return options;
    }

    private static void DescribeDocument(OpenApiDocument document, IConfiguration? configuration)
    {
        document.Info.Title = "EventSourcedTenancy";
        document.Info.Description =
            "Multi-tenant administration: who may administer which tenant, with which role, and what happened when. " +
            "Every change is a command, decided by the domain and recorded as events; the reads return what the events say.\n\n" +
            "Callers send a JWT bearer token whose `sub` claim is the acting account; what the account may do is decided " +
            "by its roles in the tenant concerned. Refusals are ProblemDetails (`application/problem+json`) with a stable " +
            "`code` and a sentence saying what to do.\n\n" +
            "## Getting a token\n\n" +
            "In production the identity provider issues the token (issuer and audience `Auth:Issuer` / `Auth:Audience`, " +
            "signed with `Auth:SigningKey`). On a developer's machine, run the service with `--environment=Development` and " +
            "either pick an account on the console's sign-in page (`/console/`) or mint one: `dotnet run -- token <account-id>`. " +
            "The first account comes from `dotnet run -- install <email>`, which prints a token for the installation's superuser. " +
            "Send it as `Authorization: Bearer <token>` (Authorize, above).\n\n" +
            "## Headers\n\n" +
            "| header | what |\n|---|---|\n" +
            "| `Authorization: Bearer <token>` | who acts (required, except `POST /installation`) |\n" +
            "| `Idempotency-Key: <uuid>` | a repeat returns the first outcome and writes nothing |\n" +
            "| `If-Match: \"<version>\"` | the version of the target you saw; another current version is a 409 |\n" +
            "| `X-Reason` | why, kept in the audit trail (at most 500 characters) |\n" +
            "| `X-Act-As: <superuser-id>` | impersonation, inside a session begun with BeginImpersonation |\n" +
            "| `X-Correlation-Id` | ties the change to your own request (at most 200 characters) |\n\n" +
            "## A first command\n\n" +
            "```sh\n" +
            "curl -X POST http://127.0.0.1:5080/tenants/00000000-0000-0000-0000-0000000000f1/workspaces \\\n" +
            "  -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' -d '{\"name\": \"Operations\"}'\n" +
            "```\n\n" +
            "The answer is `{accepted, streamVersions, events}`; `GET /tenants/{id}` shows the change and `GET /tenants/{id}/audit` who made it.";
        document.Info.License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" };
        document.Info.Contact = new OpenApiContact { Name = "EventSourcedTenancy contributors" };

        // The address the document was asked for, without a trailing slash; else the configured one.
        var servers = (document.Servers ?? []).Where(s => !string.IsNullOrWhiteSpace(s.Url)).Select(s => s.Url!.TrimEnd('/')).ToList();
        if (servers.Count == 0)
        {
            var configured = configuration?["Urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            servers.Add(configured?.TrimEnd('/') ?? "http://127.0.0.1:5080");
        }

        document.Servers = [.. servers.Distinct(StringComparer.Ordinal).Select(url => new OpenApiServer { Url = url, Description = "This service" })];

        var used = document.Tags?.Select(t => t.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        document.Tags = new HashSet<OpenApiTag>(
            Tags.Where(t => used.Contains(t.Name)).Select(t => new OpenApiTag { Name = t.Name, Description = t.Description })
                .Concat(used.Where(name => Tags.All(t => t.Name != name)).Select(name => new OpenApiTag { Name = name })));

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT issued by the identity provider (or `dotnet run -- token <account-id>` in development); its `sub` claim is the acting account's id.",
        };
        document.Components.SecuritySchemes[InstallationKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = CreateInstallationEndpoint.KeyHeader,
            Description = "The installation key from the service's configuration (Installation:BootstrapKey); only creating the installation takes it.",
        };
    }

    private static void DescribeSchema(OpenApiSchema schema, Type type)
    {
        // An enum is a string whatever the nullability of the place that first used it; where null is
        // allowed, the place says so itself (oneOf null).
        if ((Nullable.GetUnderlyingType(type) ?? type).IsEnum && schema.Enum is { } values)
        {
            schema.Enum = [.. values.Where(v => v is not null)];
            schema.Type = JsonSchemaType.String;
        }

        if (type == typeof(ProblemDetails))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String | JsonSchemaType.Null,
                Description = "A stable code for the refusal, such as `owner_only` or `account_not_found`; the same as the end of `type`.",
            };
            schema.Properties["traceId"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String | JsonSchemaType.Null,
                Description = "The request's trace id, for finding it in the service's logs.",
            };
        }
    }

    private static void DescribeOperation(OpenApiOperation operation, Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description, OpenApiDocument? document)
    {
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var authorized = !anonymous && metadata.OfType<IAuthorizeData>().Any();
        var command = CommandCatalog.Commands.FirstOrDefault(c => c.Name == operation.OperationId);
        var http = command?.GetCustomAttribute<HttpCommandAttribute>();
        operation.Parameters ??= [];
        operation.Responses ??= [];

        // Who may call.
        if (authorized)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        }
        else if (operation.OperationId == nameof(CreateInstallation))
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(InstallationKeyScheme, document)] = [] }];
            if (operation.Responses.TryGetValue("403", out var refused) && refused is OpenApiResponse keyless)
            {
                keyless.Description = $"The {CreateInstallationEndpoint.KeyHeader} header is missing or wrong (code installation_key_required); nothing written.";
                foreach (var media in keyless.Content?.Values ?? [])
                {
                    media.Example = null;
                }
            }
        }

        // Wolverine names its endpoints after method and route ("GET_tenants_tenantId"); that is no description.
        if (operation.Description is { } named && named.StartsWith(description.HttpMethod + "_", StringComparison.Ordinal) && !named.Contains(' ', StringComparison.Ordinal))
        {
            operation.Description = null;
        }

        // Path parameters: the command endpoints bind their route values themselves, so say what they are.
        foreach (var name in RouteParameters(description.RelativePath))
        {
            if (!operation.Parameters.Any(p => p.In == ParameterLocation.Path && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                var member = command?.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Path,
                    Required = true,
                    Description = $"The {Words(name)}.",
                    Schema = member?.PropertyType == typeof(Guid)
                        ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" }
                        : new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
        }

        // The headers a command reads; a read resolves the caller the same way, so it reads X-Act-As too.
        var headers = command is not null ? CommandHeaders : authorized ? ["X-Act-As"] : [];
        foreach (var header in headers.Where(h => !operation.Parameters.Any(p => p.In == ParameterLocation.Header && p.Name == h)))
        {
            operation.Parameters.Add(Header(header, http));
        }

        // The refusals every operation of its kind can meet.
        if (authorized)
        {
            EnsureProblem(operation, "401", "No valid bearer token.");
            EnsureProblem(operation, "403", "The caller lacks the authority (ProblemDetails with a code, such as missing_capability).");
        }

        // The request edge refuses a malformed metadata header or path id, or query value, before any endpoint runs.
        EnsureProblem(operation, "400", description.ParameterDescriptions.Any(p => p.Source.Id == "Query")
            ? "A query value does not parse or is out of range, or a header or an id in the path is malformed (ProblemDetails with a code such as invalid_query or invalid_header); nothing is read."
            : "A header or an id in the path is malformed (ProblemDetails with a code such as invalid_header or invalid_id); nothing is read.");

        if (RouteParameters(description.RelativePath).Any())
        {
            EnsureProblem(operation, "404", "An id in the path names nothing (ProblemDetails with a code, such as tenant_not_found).");
        }
        else
        {
            EnsureDescribed(operation, "404", "What the request needs does not exist (ProblemDetails with a code, such as tenant_not_found).");
        }

        if (operation.RequestBody is not null)
        {
            EnsureProblem(operation, "413", $"The body is larger than {RequestEdge.BodyLimit(command?.GetCustomAttribute<HttpCommandAttribute>()) / 1024} KiB; nothing is read.");
            EnsureProblem(operation, "415", $"The body is not sent as {string.Join(" or ", operation.RequestBody.Content?.Keys ?? [])}; nothing is read.");
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse declared)
            {
                continue;
            }

            // Every refusal is ProblemDetails, whatever wrote it (the endpoint, the status-code pages, Wolverine).
            if (status.Length == 3 && status[0] is '4' or '5')
            {
                declared.Content ??= new Dictionary<string, OpenApiMediaType>();
                if (!declared.Content.ContainsKey(ProblemContentType))
                {
                    declared.Content.Clear();
                    declared.Content[ProblemContentType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), document) };
                }
            }

            if (status == "201")
            {
                declared.Headers ??= new Dictionary<string, IOpenApiHeader>();
                declared.Headers["Location"] = new OpenApiHeader
                {
                    Description = "Where the created tenant or account is read (GET).",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }

        Order(operation.Responses);
    }

    /// <summary>Lists the responses in the order of their status codes.</summary>
    private static void Order(OpenApiResponses responses)
    {
        var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (status, response) in ordered)
        {
            responses[status] = response;
        }
    }

    private static OpenApiParameter Header(string name, HttpCommandAttribute? http) => name switch
    {
        CommandMetadata.IdempotencyKeyHeader => new()
        {
            Name = name,
            In = ParameterLocation.Header,
            Description = "Makes the command idempotent: a repeat with the same key returns the first outcome and writes nothing; the same key for a different command is a 409 (idempotency_key_reused). A UUID, not all zeros.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
        },
        "If-Match" => new()
        {
            Name = name,
            In = ParameterLocation.Header,
            Description = "The version of the target tenant or account the caller saw (the ETag of its GET), quoted or bare; a different current version is a 409 and nothing is written. `*` asks for no check.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^ *(\\*|\"[0-9]{1,18}\"|[0-9]{1,18}) *$" },
            Example = JsonValue.Create("\"7\""),
        },
        "X-Act-As" => new()
        {
            Name = name,
            In = ParameterLocation.Header,
            Description = "Impersonation: the superuser account to act as, honoured only inside an impersonation session the caller began in this tenant (POST /tenants/{id}/impersonation). A UUID, not all zeros.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
        },
        "X-Reason" => new()
        {
            Name = name,
            In = ParameterLocation.Header,
            Description = http?.ReasonMember is { } member
                ? $"Why, in a sentence of plain text; kept in the audit trail. The command's {member} when the body leaves it out."
                : "Why, in a sentence of plain text; kept in the audit trail.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = InputValidation.MaxReasonLength },
        },
        "X-Correlation-Id" => new()
        {
            Name = name,
            In = ParameterLocation.Header,
            Description = "Ties together everything one request caused; kept in the audit trail. Defaults to the request's trace id.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = HeaderRules.MaxCorrelationIdLength },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a command header."),
    };

    /// <summary>Declares the response, or describes a declared one that only bears its status's name ("Not Found").</summary>
    private static void EnsureProblem(OpenApiOperation operation, string status, string description)
    {
        if (!operation.Responses!.ContainsKey(status))
        {
            operation.Responses[status] = new OpenApiResponse { Description = description };
        }

        EnsureDescribed(operation, status, description);
    }

    private static void EnsureDescribed(OpenApiOperation operation, string status, string description)
    {
        if (operation.Responses!.TryGetValue(status, out var declared) && declared is OpenApiResponse response
            && response.Description == ReasonPhrases.GetReasonPhrase(int.Parse(status, CultureInfo.InvariantCulture)))
        {
            response.Description = description;
        }
    }

    private static IEnumerable<string> RouteParameters(string? relativePath) =>
        (relativePath ?? string.Empty).Split('/')
            .Where(s => s.StartsWith('{') && s.EndsWith('}'))
            .Select(s => s.Trim('{', '}').Split(':', '=', '?')[0]);

    /// <summary>"tenantId" as "tenant id".</summary>
    private static string Words(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : c.ToString()));
}
