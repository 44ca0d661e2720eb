using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Laurel.Infrastructure.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class I17S_DecisionCredential : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DecisionCredential",
                table: "ExemptionApplication",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecisionCredentialKey",
                table: "ExemptionApplication",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExemptionApplication_DecisionCredentialKey",
                table: "ExemptionApplication",
                column: "DecisionCredentialKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ExemptionApplication_DecisionCredentialKey",
                table: "ExemptionApplication");

            migrationBuilder.DropColumn(
                name: "DecisionCredential",
                table: "ExemptionApplication");

            migrationBuilder.DropColumn(
                name: "DecisionCredentialKey",
                table: "ExemptionApplication");
        }
    }
}
