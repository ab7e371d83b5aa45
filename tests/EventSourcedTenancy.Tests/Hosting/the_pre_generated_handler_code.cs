using EventSourcedTenancy.Tests.Infrastructure;
using JasperFx.CodeGeneration;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedTenancy.Tests.Hosting;

/// <summary>
/// The service loads its Wolverine handler and read endpoint code as compiled types (TypeLoadMode.Static), generated ahead of time into
/// src/EventSourcedTenancy/Internal/Generated. Code generated from the running configuration now must be exactly
/// what is committed, or a changed handler would run on stale code.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class the_pre_generated_handler_code(ServiceFixture fixture)
{
    [Fact]
    public void is_what_the_running_configuration_generates()
    {
        var committed = Path.Combine(Repository.Root(), "src", "EventSourcedTenancy", "Internal", "Generated");
        var fresh = Path.Combine(Path.GetTempPath(), $"generated-{Guid.NewGuid():N}");
        // The message handlers and the read endpoints (Wolverine.Http).
        var collections = fixture.Host.Services.GetServices<ICodeFileCollection>().ToArray();
        collections.ShouldNotBeEmpty();
        var paths = collections.Select(c => c.Rules.GeneratedCodeOutputPath).ToArray();
        try
        {
            foreach (var collection in collections)
            {
                collection.Rules.GeneratedCodeOutputPath = fresh;
            }

            new DynamicCodeBuilder(fixture.Host.Services, collections)
            {
                ServiceVariableSource = fixture.Host.Services.GetService<JasperFx.CodeGeneration.Model.IServiceVariableSource>(),
            }.WriteGeneratedCode(_ => { });
            var expected = Files(fresh);
            expected.Keys.ShouldNotBeEmpty();
            var actual = Files(committed);
            actual.Keys.Order().ShouldBe(expected.Keys.Order(), "run `dotnet run --project src/EventSourcedTenancy -- codegen write` and commit Internal/Generated");
            foreach (var (file, content) in expected)
            {
                actual[file].ShouldBe(content, $"{file} is stale: run `dotnet run --project src/EventSourcedTenancy -- codegen write`");
            }
        }
        finally
        {
            for (var i = 0; i < collections.Length; i++)
            {
                collections[i].Rules.GeneratedCodeOutputPath = paths[i];
            }

            if (Directory.Exists(fresh))
            {
                Directory.Delete(fresh, recursive: true);
            }
        }
    }

    private static Dictionary<string, string> Files(string directory) =>
        Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f).Replace('\\', '/'), f => File.ReadAllText(f).ReplaceLineEndings("\n"));
}
