using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class I16_Wallets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_IssuerKeys_OneActivePerInstitution",
                table: "IssuerKeys");

            migrationBuilder.AddColumn<string>(
                name: "Algorithm",
                table: "IssuerKeys",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "EdDSA");

            migrationBuilder.CreateTable(
                name: "TokenStatusLists",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstitutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    Allocated = table.Column<int>(type: "INTEGER", nullable: false),
                    PermutationKey = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Statuses = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    SignedToken = table.Column<string>(type: "TEXT", nullable: true),
                    SignedVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    SignedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TokenStatusLists", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TokenStatusLists_Institutions_InstitutionId",
                        column: x => x.InstitutionId,
                        principalTable: "Institutions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WalletAuthorizationRecords",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WalletAuthorizationRecords", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "WalletCopies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AwardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstitutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OfferId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Format = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ConfigurationId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Protocol = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    HolderKeyThumbprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    HolderDid = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    TokenStatusListId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TokenStatusIndex = table.Column<long>(type: "INTEGER", nullable: true),
                    RevocationListId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SuspensionListId = table.Column<Guid>(type: "TEXT", nullable: true),
                    StatusIndex = table.Column<int>(type: "INTEGER", nullable: true),
                    NotificationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LastNotificationEvent = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    NotifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    IssuedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StoppedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WalletCopies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WalletCopies_Awards_AwardId",
                        column: x => x.AwardId,
                        principalTable: "Awards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WalletDisclosures",
                columns: table => new
                {
                    AwardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecipientName = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Grade = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WalletDisclosures", x => x.AwardId);
                    table.ForeignKey(
                        name: "FK_WalletDisclosures_Awards_AwardId",
                        column: x => x.AwardId,
                        principalTable: "Awards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WalletNonces",
                columns: table => new
                {
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InstitutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WalletNonces", x => x.Hash);
                });

            migrationBuilder.CreateTable(
                name: "WalletOffers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AwardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstitutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConfigurationIds = table.Column<string>(type: "TEXT", nullable: false),
                    PreAuthorizedCodeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TxCodeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    TxCodeFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    IssuerStateHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProtectedSecrets = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FetchedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TokenIssuedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    IssuedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcknowledgedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WalletOffers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WalletOffers_Awards_AwardId",
                        column: x => x.AwardId,
                        principalTable: "Awards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IssuerKeys_OneActivePerInstitutionAndAlgorithm",
                table: "IssuerKeys",
                columns: new[] { "InstitutionId", "Algorithm" },
                unique: true,
                filter: "\"RetiredAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_TokenStatusLists_InstitutionId_Number",
                table: "TokenStatusLists",
                columns: new[] { "InstitutionId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WalletAuthorizationRecords_ExpiresAt",
                table: "WalletAuthorizationRecords",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_WalletCopies_AwardId",
                table: "WalletCopies",
                column: "AwardId");

            migrationBuilder.CreateIndex(
                name: "IX_WalletCopies_NotificationId",
                table: "WalletCopies",
                column: "NotificationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WalletNonces_ExpiresAt",
                table: "WalletNonces",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_WalletOffers_AwardId_CreatedAt",
                table: "WalletOffers",
                columns: new[] { "AwardId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WalletOffers_IssuerStateHash",
                table: "WalletOffers",
                column: "IssuerStateHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WalletOffers_PreAuthorizedCodeHash",
                table: "WalletOffers",
                column: "PreAuthorizedCodeHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TokenStatusLists");

            migrationBuilder.DropTable(
                name: "WalletAuthorizationRecords");

            migrationBuilder.DropTable(
                name: "WalletCopies");

            migrationBuilder.DropTable(
                name: "WalletDisclosures");

            migrationBuilder.DropTable(
                name: "WalletNonces");

            migrationBuilder.DropTable(
                name: "WalletOffers");

            migrationBuilder.DropIndex(
                name: "IX_IssuerKeys_OneActivePerInstitutionAndAlgorithm",
                table: "IssuerKeys");

            migrationBuilder.DropColumn(
                name: "Algorithm",
                table: "IssuerKeys");

            migrationBuilder.CreateIndex(
                name: "IX_IssuerKeys_OneActivePerInstitution",
                table: "IssuerKeys",
                column: "InstitutionId",
                unique: true,
                filter: "\"RetiredAt\" IS NULL");
        }
    }
}
