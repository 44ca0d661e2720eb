using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class I16B_WalletParts : Migration
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
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "EdDSA");

            migrationBuilder.CreateTable(
                name: "TokenStatusLists",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    InstitutionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Capacity = table.Column<int>(type: "integer", nullable: false),
                    Allocated = table.Column<int>(type: "integer", nullable: false),
                    PermutationKey = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    Statuses = table.Column<byte[]>(type: "bytea", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    SignedToken = table.Column<string>(type: "text", nullable: true),
                    SignedVersion = table.Column<int>(type: "integer", nullable: true),
                    SignedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Payload = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WalletAuthorizationRecords", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "WalletDisclosures",
                columns: table => new
                {
                    AwardId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientName = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Grade = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Evidence = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    InstitutionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WalletNonces", x => x.Hash);
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
                name: "IX_WalletNonces_ExpiresAt",
                table: "WalletNonces",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TokenStatusLists");

            migrationBuilder.DropTable(
                name: "WalletAuthorizationRecords");

            migrationBuilder.DropTable(
                name: "WalletDisclosures");

            migrationBuilder.DropTable(
                name: "WalletNonces");

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
