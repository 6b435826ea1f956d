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
            Assert.That(tables, Is.SupersetOf(new[] { "papers", "issues", "pages", "articles", "jobs", "article_fts" }));
            Assert.That(tables, Has.No.Member("article_bbox"), "hit tests are answered from the page's regions in memory");
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

public class KindsMigrationTests
{
    [Test]
    public async Task Migration_3_lets_articles_be_photos_and_folio_lines_and_keeps_links_and_search()
    {
        var folder = Path.Combine(Path.GetTempPath(), "xuhui-storage-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "epaper.db");
        try
        {
            // A database as version 2 left it, with two linked articles and their search rows.
            await using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                await old.OpenAsync();
                foreach (var script in Migrations.Scripts.Take(2))
                {
                    await old.ExecuteAsync(script);
                }

                await old.ExecuteAsync("""
                    PRAGMA user_version = 2;
                    INSERT INTO papers (id, name, created_at) VALUES (1, '徐匯報', 'now');
                    INSERT INTO issues (id, paper_id, date, sha256, original_file, page_count, created_at, published_at) VALUES (1, 1, '2021-12-13', 'x', 'o.pdf', 1, 'now', 'now');
                    INSERT INTO pages (id, issue_id, number, width_pt, height_pt, thumbnail_file, thumbnail_width, screen_file, screen_width, zoom_file, zoom_width) VALUES (1, 1, 1, 842, 1191, 't', 1, 's', 1, 'z', 1);
                    INSERT INTO articles (id, page_id, issue_id, idx, kind, title) VALUES (1, 1, 1, 0, 'article', '上篇');
                    INSERT INTO articles (id, page_id, issue_id, idx, kind, title, continued_from_id) VALUES (2, 1, 1, 1, 'article', '下篇', 1);
                    UPDATE articles SET continued_on_id = 2 WHERE id = 1;
                    INSERT INTO article_fts (rowid, title, deck, body) VALUES (1, '上篇', '', ''), (2, '下篇', '', '');
                    """);
            }

            using var db = new EpaperDatabase(path);
            Assert.That(await db.MigrateAsync(), Is.EqualTo(Migrations.Scripts.Count));
            await using var c = await db.OpenReadAsync();
            var links = (await c.QueryAsync<(long Id, long? From, long? On)>("SELECT id, continued_from_id, continued_on_id FROM articles ORDER BY id")).ToList();
            Assert.That(links, Is.EqualTo(new[] { (1L, (long?)null, (long?)2L), (2L, (long?)1L, (long?)null) }));

            await using var w = new SqliteConnection($"Data Source={path};Pooling=False;Foreign Keys=True");
            await w.OpenAsync();
            await w.ExecuteAsync("INSERT INTO articles (page_id, issue_id, idx, kind) VALUES (1, 1, 2, 'photo'), (1, 1, 3, 'folio')");
            Assert.ThrowsAsync<SqliteException>(() => w.ExecuteAsync("INSERT INTO articles (page_id, issue_id, idx, kind) VALUES (1, 1, 4, 'bogus')"));
            await w.ExecuteAsync("DELETE FROM articles WHERE id = 2");
            Assert.Multiple(async () =>
            {
                Assert.That(await w.ExecuteScalarAsync<long>("SELECT count(*) FROM article_fts"), Is.EqualTo(1), "the delete trigger is back");
                Assert.That(await w.ExecuteScalarAsync<long?>("SELECT continued_on_id FROM articles WHERE id = 1"), Is.Null, "links still follow deletes");
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
