namespace XuhuiEpaper.Storage;

/// <summary>
/// The schema as an ordered list of SQL scripts. Script i upgrades <c>PRAGMA user_version</c> i to i+1.
/// Never edit a script that has shipped: append a new one.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<string> Scripts { get; } =
    [
        // 1: papers, issues, pages, articles (+ R*Tree bounding boxes, FTS5 text), jobs.
        // AUTOINCREMENT: ids of replaced/deleted issues and articles are never reused, so old links never show other content.
        """
        CREATE TABLE papers (
            id          INTEGER PRIMARY KEY,
            name        TEXT NOT NULL UNIQUE,
            created_at  TEXT NOT NULL
        );

        CREATE TABLE issues (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            paper_id      INTEGER NOT NULL REFERENCES papers(id),
            date          TEXT NOT NULL,                -- yyyy-MM-dd
            number        INTEGER,                      -- 期
            total_number  INTEGER,                      -- 總第…期
            sha256        TEXT NOT NULL UNIQUE,
            original_file TEXT NOT NULL,
            page_count    INTEGER NOT NULL,
            created_at    TEXT NOT NULL,
            published_at  TEXT NOT NULL,
            UNIQUE (paper_id, date)
        );
        CREATE INDEX ix_issues_date ON issues(date DESC, id DESC);

        CREATE TABLE pages (
            id               INTEGER PRIMARY KEY AUTOINCREMENT,
            issue_id         INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
            number           INTEGER NOT NULL,
            label            TEXT,                      -- 版次
            name             TEXT,                      -- 版名
            width_pt         REAL NOT NULL,
            height_pt        REAL NOT NULL,
            thumbnail_file   TEXT NOT NULL,
            thumbnail_width  INTEGER NOT NULL,
            screen_file      TEXT NOT NULL,
            screen_width     INTEGER NOT NULL,
            zoom_file        TEXT NOT NULL,
            zoom_width       INTEGER NOT NULL,
            text             TEXT NOT NULL DEFAULT '',
            UNIQUE (issue_id, number)
        );

        CREATE TABLE articles (
            id                 INTEGER PRIMARY KEY AUTOINCREMENT,
            page_id            INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
            issue_id           INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
            idx                INTEGER NOT NULL,        -- index among the page's articles
            kind               TEXT NOT NULL CHECK (kind IN ('article','notice','advertisement','masthead','pageheader','other')),
            kicker             TEXT,
            title              TEXT,
            subtitle           TEXT,
            byline             TEXT,
            body               TEXT NOT NULL DEFAULT '[]',   -- JSON array of paragraphs
            captions           TEXT NOT NULL DEFAULT '[]',   -- JSON array
            rects              TEXT NOT NULL DEFAULT '[]',   -- JSON [[x,y,w,h],...], normalized
            continued_from_id  INTEGER REFERENCES articles(id) ON DELETE SET NULL,
            continued_on_id    INTEGER REFERENCES articles(id) ON DELETE SET NULL,
            UNIQUE (page_id, idx)
        );
        CREATE INDEX ix_articles_issue ON articles(issue_id);
        CREATE INDEX ix_articles_continued_from ON articles(continued_from_id);
        CREATE INDEX ix_articles_continued_on ON articles(continued_on_id);

        -- Bounding box of each article's rects, for point lookups. Coordinates are normalized 0..1.
        CREATE VIRTUAL TABLE article_bbox USING rtree(id, min_x, max_x, min_y, max_y);

        -- Article text, pre-segmented by CjkSearchText (CJK as bigrams + run-final unigram, other words as is).
        -- rowid = articles.id. Columns weighted title > deck > body in bm25().
        CREATE VIRTUAL TABLE article_fts USING fts5(title, deck, body, tokenize = 'unicode61 remove_diacritics 2');

        CREATE TRIGGER tr_articles_delete AFTER DELETE ON articles BEGIN
            DELETE FROM article_bbox WHERE id = old.id;
            DELETE FROM article_fts WHERE rowid = old.id;
        END;

        CREATE TABLE jobs (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','running','succeeded','failed')),
            file_path       TEXT NOT NULL,
            sha256          TEXT NOT NULL,
            options         TEXT NOT NULL DEFAULT '{}',   -- JSON IngestOptions
            progress_done   INTEGER NOT NULL DEFAULT 0,
            progress_total  INTEGER NOT NULL DEFAULT 0,
            attempts        INTEGER NOT NULL DEFAULT 0,
            error           TEXT,
            issue_id        INTEGER REFERENCES issues(id) ON DELETE SET NULL,
            worker_id       TEXT,
            heartbeat_at    TEXT,                          -- lease: refreshed on claim and progress
            created_at      TEXT NOT NULL,
            updated_at      TEXT NOT NULL,
            started_at      TEXT,
            finished_at     TEXT
        );
        CREATE INDEX ix_jobs_state ON jobs(state, id);
        CREATE INDEX ix_jobs_sha256 ON jobs(sha256);
        """,

        // 2: the version of CjkSearchText's segmentation that article_fts holds. The program rebuilds the index from
        // the articles when its own version differs (SearchStore.EnsureSearchIndexAsync); databases of version 1 hold 1.
        """
        CREATE TABLE search_index (
            id       INTEGER PRIMARY KEY CHECK (id = 1),
            version  INTEGER NOT NULL
        );
        INSERT INTO search_index (id, version) VALUES (1, 1);
        """,

        // 3: two more region kinds from the second-generation article finder: 'photo' (a photo printed on its own, with
        // its caption) and 'folio' (the folio line at the foot of a page). SQLite cannot change a CHECK constraint in
        // place, so the table is rebuilt as its documented procedure says (foreign keys are off while migrating).
        """
        DROP TRIGGER tr_articles_delete;
        CREATE TABLE articles_new (
            id                 INTEGER PRIMARY KEY AUTOINCREMENT,
            page_id            INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
            issue_id           INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
            idx                INTEGER NOT NULL,
            kind               TEXT NOT NULL CHECK (kind IN ('article','notice','advertisement','masthead','pageheader','other','photo','folio')),
            kicker             TEXT,
            title              TEXT,
            subtitle           TEXT,
            byline             TEXT,
            body               TEXT NOT NULL DEFAULT '[]',
            captions           TEXT NOT NULL DEFAULT '[]',
            rects              TEXT NOT NULL DEFAULT '[]',
            continued_from_id  INTEGER REFERENCES articles(id) ON DELETE SET NULL,
            continued_on_id    INTEGER REFERENCES articles(id) ON DELETE SET NULL,
            UNIQUE (page_id, idx)
        );
        INSERT INTO articles_new SELECT * FROM articles;
        DROP TABLE articles;
        ALTER TABLE articles_new RENAME TO articles;
        CREATE INDEX ix_articles_issue ON articles(issue_id);
        CREATE INDEX ix_articles_continued_from ON articles(continued_from_id);
        CREATE INDEX ix_articles_continued_on ON articles(continued_on_id);
        CREATE TRIGGER tr_articles_delete AFTER DELETE ON articles BEGIN
            DELETE FROM article_bbox WHERE id = old.id;
            DELETE FROM article_fts WHERE rowid = old.id;
        END;
        """,

        // 4: hardening. Jobs: whether the upload may replace another PDF's issue of the same paper and date, a back-off
        // time before which a retried job is not claimed, and the full error (for admins; `error` is what anyone may read).
        // Trash: a deleted issue's rows kept as a JSON snapshot (same ids on restore) with the files it alone used, until
        // it expires. Audit log: the archivists' actions.
        """
        ALTER TABLE jobs ADD COLUMN replace_existing INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN not_before TEXT;
        ALTER TABLE jobs ADD COLUMN error_detail TEXT;

        CREATE TABLE trash (
            issue_id      INTEGER PRIMARY KEY,          -- the deleted issue's id, given back on restore
            paper         TEXT NOT NULL,
            date          TEXT NOT NULL,
            sha256        TEXT NOT NULL,
            page_count    INTEGER NOT NULL,
            snapshot      TEXT NOT NULL,                -- JSON: the issue's, pages' and articles' rows
            reason        TEXT NOT NULL,                -- 'deleted' or 'replaced by issue N'
            deleted_at    TEXT NOT NULL,
            expires_at    TEXT NOT NULL
        );
        CREATE INDEX ix_trash_expires ON trash(expires_at);

        -- The files of a trashed issue that no published issue used when it was trashed (images by name, the original
        -- as originals/<sha256>.pdf): kept until the entry is purged.
        CREATE TABLE trash_files (
            issue_id  INTEGER NOT NULL REFERENCES trash(issue_id) ON DELETE CASCADE,
            file      TEXT NOT NULL,
            PRIMARY KEY (issue_id, file)
        ) WITHOUT ROWID;
        CREATE INDEX ix_trash_files_file ON trash_files(file);

        CREATE TABLE audit_log (
            id        INTEGER PRIMARY KEY AUTOINCREMENT,
            at        TEXT NOT NULL,
            action    TEXT NOT NULL,                    -- upload, edit, reingest, delete, restore, purge, replace, expire
            issue_id  INTEGER,
            job_id    INTEGER,
            client    TEXT,                             -- the caller's address (after forwarded headers), or the command
            detail    TEXT
        );
        CREATE INDEX ix_audit_issue ON audit_log(issue_id);
        """,

        // 5: the R*Tree of article bounding boxes goes. Hit tests are answered in memory from the page's regions
        // (PageSnapshot in the Web project, the one path), so the tree was written on every publish and restore for
        // nothing but tests; the delete trigger keeps only the search index in step.
        """
        DROP TRIGGER tr_articles_delete;
        DROP TABLE article_bbox;
        CREATE TRIGGER tr_articles_delete AFTER DELETE ON articles BEGIN
            DELETE FROM article_fts WHERE rowid = old.id;
        END;
        """,

        // 6: the region editor. Each page keeps the finder's output in editing terms (its blocks with parts, boxes and
        // paragraphs, and its regions: PageLayoutDoc as JSON; null for pages ingested before), each article the key of
        // its region (f{i} from the finder, e{edit id} from an edit), and the archivists' edits are kept as edits, with
        // who and when, on top of the finder's output: undo marks one undone, a reset all of a page's.
        """
        ALTER TABLE pages ADD COLUMN layout TEXT;
        ALTER TABLE articles ADD COLUMN region_key TEXT;
        CREATE TABLE region_edits (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            page_id    INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
            at         TEXT NOT NULL,
            editor     TEXT NOT NULL,                   -- the admin token's name (Epaper:Admins)
            action     TEXT NOT NULL,                   -- merge, split, move, redraw, add, delete, change
            edit       TEXT NOT NULL,                   -- JSON RegionEdit
            summary    TEXT NOT NULL,
            undone_at  TEXT,
            undone_by  TEXT
        );
        CREATE INDEX ix_region_edits_page ON region_edits(page_id, id);
        """,

        // 7: review before publishing. A draft issue is stored whole but shown only to admins until it is published
        // (Epaper:Publishing = review makes every new issue a draft). Existing issues are published.
        """
        ALTER TABLE issues ADD COLUMN draft INTEGER NOT NULL DEFAULT 0;
        """,

        // 8: what each page's text is worth (issue 13), keyed by the PDF (its SHA-256) and page, so that it outlives the
        // issue's id through trash, restore and reingest: the verdict on the PDF's text layer, where the published text
        // comes from (the PDF, recognition, or none: the page is published as an image and nothing of it is indexed),
        // the figures of the verdict as JSON, and the reason in words for archivists and the job.
        """
        CREATE TABLE page_text (
            sha256       TEXT NOT NULL,
            page_number  INTEGER NOT NULL,
            verdict      TEXT NOT NULL CHECK (verdict IN ('readable','unreadable','scan','notext')),
            source       TEXT NOT NULL CHECK (source IN ('pdf','recognised','none')),
            route        TEXT,                          -- 'page' or 'glyphs' when recognised
            figures      TEXT NOT NULL DEFAULT '{}',    -- JSON: the PDF text's figures, the recognised text's, fonts
            reason       TEXT NOT NULL,
            seconds      REAL,                          -- wall time of the page's recognition
            judged_at    TEXT NOT NULL,
            PRIMARY KEY (sha256, page_number)
        ) WITHOUT ROWID;
        """,

        // 9: permanent links and change tracking. A re-analysed or replaced issue gets new ids; its old issue id and each
        // old article id name their successor here (the article on the same page whose region overlaps most, or none:
        // then the page), so old links answer 301 instead of 404. Chains are collapsed when written: a row always names
        // a live id (or one in the trash). content_version counts changes to what readers see, in every process
        // (the CLI's ingest included), so the server's in-memory answers are dropped exactly when something changed.
        """
        CREATE TABLE issue_successors (
            old_id  INTEGER PRIMARY KEY,
            new_id  INTEGER NOT NULL,
            at      TEXT NOT NULL
        );
        CREATE INDEX ix_issue_successors_new ON issue_successors(new_id);

        CREATE TABLE article_successors (
            old_id       INTEGER PRIMARY KEY,
            issue_id     INTEGER NOT NULL,                -- the successor issue
            page_number  INTEGER NOT NULL,                -- the old article's page, in the successor issue
            new_id       INTEGER                          -- the successor article; NULL: the page is the successor
        );
        CREATE INDEX ix_article_successors_new ON article_successors(new_id);
        CREATE INDEX ix_article_successors_issue ON article_successors(issue_id);

        CREATE TABLE content_version (
            id       INTEGER PRIMARY KEY CHECK (id = 1),
            version  INTEGER NOT NULL
        );
        INSERT INTO content_version (id, version) VALUES (1, 0);
        CREATE TRIGGER tr_version_issues_insert AFTER INSERT ON issues BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER tr_version_issues_update AFTER UPDATE ON issues BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER tr_version_issues_delete AFTER DELETE ON issues BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER tr_version_pages_update AFTER UPDATE ON pages BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER tr_version_articles_insert AFTER INSERT ON articles BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER tr_version_articles_update AFTER UPDATE ON articles BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER tr_version_articles_delete AFTER DELETE ON articles BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
        """,

        // 10: readable addresses (/{title}/{yyyy-MM-dd}/{版次}/{n}) that do not depend on database ids. Each page has its
        // address segment (its 版次 as printed, or its sequence number; existing pages take their sequence number) and
        // each readable article a number within its page, in reading order, that a re-analysis hands on to the article
        // succeeding it. last_article_number keeps the highest number a page (and the pages it replaced) ever gave, so
        // a number is never given to another article. An old article's page and number stay with its successor row.
        """
        ALTER TABLE pages ADD COLUMN address TEXT;
        UPDATE pages SET address = CAST(number AS TEXT);
        CREATE UNIQUE INDEX ux_pages_address ON pages(issue_id, address);
        ALTER TABLE pages ADD COLUMN last_article_number INTEGER NOT NULL DEFAULT 0;

        ALTER TABLE articles ADD COLUMN number INTEGER;
        UPDATE articles SET number = (
            SELECT COUNT(*) FROM articles b
            WHERE b.page_id = articles.page_id AND b.idx <= articles.idx AND b.kind NOT IN ('masthead', 'pageheader', 'folio'))
        WHERE kind NOT IN ('masthead', 'pageheader', 'folio');
        UPDATE pages SET last_article_number = COALESCE((SELECT MAX(number) FROM articles WHERE page_id = pages.id), 0);
        CREATE UNIQUE INDEX ux_articles_number ON articles(page_id, number);

        ALTER TABLE article_successors ADD COLUMN old_page INTEGER;
        ALTER TABLE article_successors ADD COLUMN old_number INTEGER;
        CREATE INDEX ix_article_successors_number ON article_successors(issue_id, old_page, old_number);
        """,

        // 11: the IIIF tiles are made after the publish (issue 12): one task per zoom image whose tile set is still to be
        // made, written in the publish's transaction and deleted once the tile set is complete, so a restart finds what is
        // left. A task held by a worker carries its lease (worker_id, heartbeat_at); a lease that ran out is taken over.
        // A task that failed its attempts stays, given up, with its error.
        """
        CREATE TABLE tile_tasks (
            zoom_file     TEXT PRIMARY KEY,             -- the page image the tiles are cut from; names the tile set
            created_at    TEXT NOT NULL,
            attempts      INTEGER NOT NULL DEFAULT 0,
            worker_id     TEXT,
            heartbeat_at  TEXT,
            not_before    TEXT,
            error         TEXT,
            given_up_at   TEXT
        );
        CREATE INDEX ix_tile_tasks_created ON tile_tasks(created_at, zoom_file);
        """,

        // 12: moved readable addresses (issue 12). An archivist's edit of an issue's date moves every readable address
        // of the issue; the old issue address (its title and date) is kept here naming the issue, written in the
        // edit's transaction, so the old issue, page and article addresses answer 301 to where the issue is now
        // (the rest of the path kept). Naming the issue, not its new address, makes a chain of edits one redirect;
        // a re-analysis or replacement points the row at the successor issue. A live issue at the address wins.
        """
        CREATE TABLE address_moves (
            paper     TEXT NOT NULL,                    -- the title (papers.name) of the old address
            date      TEXT NOT NULL,                    -- yyyy-MM-dd of the old address
            issue_id  INTEGER NOT NULL,                 -- the issue that had it (no foreign key: a trashed issue may come back)
            moved_at  TEXT NOT NULL,
            PRIMARY KEY (paper, date)
        );
        CREATE INDEX ix_address_moves_issue ON address_moves(issue_id);
        """,
    ];
}
