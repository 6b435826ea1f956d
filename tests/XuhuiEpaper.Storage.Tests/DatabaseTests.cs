using Dapper;
using Microsoft.Data.Sqlite;

namespace XuhuiEpaper.Storage.Tests;

public class DatabaseTests : DatabaseFixture
{
    [Test]
    public async Task Migrations_create_every_table_from_empty()
    {
        await using var c = await Db.OpenReadAsync();
        var version = await c.ExecuteScalarAsync<int>("PRAGMA user_version");
        var tables = (await c.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(version, Is.EqualTo(Migrations.Scripts.Count));
            Assert.That(tables, Is.SupersetOf(new[] { "papers", "issues", "pages", "articles", "jobs", "article_fts", "article_bbox" }));
        });
    }

    [Test]
    public async Task Migrations_rerun_is_a_no_op_and_keeps_data()
    {
        await Jobs.EnqueueAsync("a.pdf", Sha(1));
        Assert.That(await Db.MigrateAsync(), Is.EqualTo(Migrations.Scripts.Count));
        using var again = new EpaperDatabase(Db.Path);
        await again.MigrateAsync();
        Assert.That(await new JobStore(again).GetAsync(1), Is.Not.Null);
    }

    [Test]
    public async Task Database_is_in_wal_mode_with_foreign_keys_and_healthy()
    {
        var health = await Db.CheckHealthAsync();
        await using var c = await Db.OpenReadAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(health.Ok, Is.True, health.Error);
            Assert.That(health.JournalMode, Is.EqualTo("wal"));
            Assert.That(await c.ExecuteScalarAsync<long>("PRAGMA foreign_keys"), Is.EqualTo(1));
            Assert.That(await c.ExecuteScalarAsync<long>("PRAGMA busy_timeout"), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task Read_connections_are_read_only()
    {
        await using var c = await Db.OpenReadAsync();
        Assert.ThrowsAsync<SqliteException>(() => c.ExecuteAsync("DELETE FROM jobs"));
    }

    [Test]
    public async Task Unmigrated_database_reports_unhealthy()
    {
        using var fresh = new EpaperDatabase(Path.Combine(Folder, "other.db"));
        await using (var c = new SqliteConnection($"Data Source={fresh.Path}"))
        {
            await c.OpenAsync();
            await c.ExecuteAsync("CREATE TABLE x (y)");
        }

        Assert.That((await fresh.CheckHealthAsync()).Ok, Is.False);
        SqliteConnection.ClearAllPools();
    }

    [Test]
    public async Task A_newer_schema_is_refused()
    {
        await Db.WriteAsync((c, tx) => c.ExecuteAsync($"PRAGMA user_version = {Migrations.Scripts.Count + 1}", transaction: tx));
        Assert.ThrowsAsync<InvalidOperationException>(() => Db.MigrateAsync());
    }
}
