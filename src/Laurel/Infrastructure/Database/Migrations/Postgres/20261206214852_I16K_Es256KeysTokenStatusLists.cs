using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class I16K_Es256KeysTokenStatusLists : Migration
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
                defaultValue: "EdDSA"); // keys made before ES256 existed are all Ed25519

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TokenStatusLists");

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
