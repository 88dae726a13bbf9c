/* main.c: sitrep's entry point; being written. */
int main(void)
{
	return 0;
}
