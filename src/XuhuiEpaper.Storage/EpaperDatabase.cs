using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace XuhuiEpaper.Storage;

/// <summary>Health of the database as seen by a read-only connection.</summary>
public sealed record DatabaseHealth(bool Ok, int SchemaVersion, int ExpectedSchemaVersion, string JournalMode, string SqliteVersion, string? Error);

/// <summary>
/// The SQLite database file of the e-paper. WAL journal, foreign keys on, busy timeout.
/// Reads use pooled read-only connections; every write goes through one writer
/// (a semaphore per instance, and <c>BEGIN IMMEDIATE</c> between processes) so readers are never blocked.
/// </summary>
public sealed class EpaperDatabase : IDisposable
{
    private const int BusyTimeoutMs = 10_000;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly string readConnectionString;
    private readonly string writeConnectionString;

    public EpaperDatabase(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        DapperConfig.EnsureRegistered();
        Path = System.IO.Path.GetFullPath(path);
        Time = timeProvider ?? TimeProvider.System;
        writeConnectionString = ConnectionString(Path, SqliteOpenMode.ReadWriteCreate);
        readConnectionString = ConnectionString(Path, SqliteOpenMode.ReadOnly);
    }

    /// <summary>Readers and the writer differ only in their mode, so a read connection can never write.</summary>
    private static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Cache = SqliteCacheMode.Private,
        ForeignKeys = true,
        Pooling = true,
        DefaultTimeout = BusyTimeoutMs / 1000,
    }.ToString();

    public string Path { get; }

    internal TimeProvider Time { get; }

    /// <summary>Now, formatted as stored: ISO 8601 UTC with milliseconds (sorts as text).</summary>
    internal string Now() => DapperConfig.FormatTimestamp(Time.GetUtcNow());

    /// <summary>Creates the file if needed, switches it to WAL and applies every pending migration, each in its own transaction.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(writeConnectionString, cancellationToken);
            var mode = await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: cancellationToken));
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Could not switch {Path} to WAL (journal_mode is {mode}).");
            }

            var version = await connection.ExecuteScalarAsync<int>(new CommandDefinition("PRAGMA user_version;", cancellationToken: cancellationToken));
            if (version > Migrations.Scripts.Count)
            {
                throw new InvalidOperationException($"{Path} has schema version {version}, newer than this program ({Migrations.Scripts.Count}).");
            }

            // A migration may rebuild a table (SQLite's way to change a constraint); with foreign keys on, dropping the old
            // table would set the new one's references to NULL. They are checked before each commit instead.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA foreign_keys = OFF;", cancellationToken: cancellationToken));
            for (var next = version; next < Migrations.Scripts.Count; next++)
            {
                await using var transaction = connection.BeginTransaction(deferred: false);
                await connection.ExecuteAsync(new CommandDefinition(Migrations.Scripts[next], transaction: transaction, cancellationToken: cancellationToken));
                var violations = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM pragma_foreign_key_check;", transaction: transaction, cancellationToken: cancellationToken));
                if (violations > 0)
                {
                    throw new InvalidOperationException($"Migration {next + 1} of {Path} would leave {violations} broken references.");
                }

                // PRAGMA takes no parameters; the value is an integer we control.
                await connection.ExecuteAsync(new CommandDefinition($"PRAGMA user_version = {next + 1};", transaction: transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
            }

            await connection.ExecuteAsync(new CommandDefinition("PRAGMA foreign_keys = ON;", cancellationToken: cancellationToken));
            return Migrations.Scripts.Count;
        }
        finally
        {
            writeLock.Release();
        }
    }

    public async Task<DatabaseHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await OpenReadAsync(cancellationToken);
            var version = await connection.ExecuteScalarAsync<int>(new CommandDefinition("PRAGMA user_version;", cancellationToken: cancellationToken));
            var mode = await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode;", cancellationToken: cancellationToken)) ?? "";
            var sqlite = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT sqlite_version();", cancellationToken: cancellationToken)) ?? "";
            var ok = version == Migrations.Scripts.Count && string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase);
            return new DatabaseHealth(ok, version, Migrations.Scripts.Count, mode, sqlite, ok ? null : "schema not migrated or not in WAL mode");
        }
        catch (SqliteException ex)
        {
            return new DatabaseHealth(false, 0, Migrations.Scripts.Count, "", "", ex.Message);
        }
    }

    /// <summary>A pooled read-only connection; the caller disposes it.</summary>
    public Task<SqliteConnection> OpenReadAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(readConnectionString, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> as the single writer, inside one <c>BEGIN IMMEDIATE</c> transaction
    /// that is committed when it returns and rolled back when it throws.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(writeConnectionString, cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            writeLock.Release();
        }
    }

    public void Dispose()
    {
        using (var read = new SqliteConnection(readConnectionString))
        {
            SqliteConnection.ClearPool(read);
        }

        using (var write = new SqliteConnection(writeConnectionString))
        {
            SqliteConnection.ClearPool(write);
        }

        writeLock.Dispose();
    }

    private static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            using var command = connection.CreateCommand();
            // synchronous=NORMAL is the recommended setting with WAL: safe against corruption, only the last commits can be lost on power failure.
            command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA synchronous = NORMAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
