using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Sqlite
{
    /// <summary>Issue 18, public pages: the catalog's tag and name-ordered page read published definitions by index; the card-hue backfill check probes an index of only the badges still without a hue.</summary>
    [DbContext(typeof(SqliteLaurelDb))]
    [Migration("20261207043000_I18P_CatalogIndexes")]
    public partial class I18P_CatalogIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Achievements_I18P_CatalogStamp",
                table: "Achievements",
                columns: new[] { "Status", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Achievements_I18P_CatalogOrder",
                table: "Achievements",
                columns: new[] { "Status", "Name", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Achievements_I18P_HueMissing",
                table: "Achievements",
                column: "InstitutionId",
                filter: "\"CardHue\" IS NULL AND \"Status\" = 'Published'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "IX_Achievements_I18P_CatalogStamp", table: "Achievements");
            migrationBuilder.DropIndex(name: "IX_Achievements_I18P_CatalogOrder", table: "Achievements");
            migrationBuilder.DropIndex(name: "IX_Achievements_I18P_HueMissing", table: "Achievements");
        }
    }
}
