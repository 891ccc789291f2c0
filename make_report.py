import click
@click.command()
def main():
    pass
