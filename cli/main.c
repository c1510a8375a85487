#include <stdio.h>
int main(void) { puts("cgnft: not yet"); return 2; }
