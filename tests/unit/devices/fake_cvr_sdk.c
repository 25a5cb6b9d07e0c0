/* A stand-in for a vendor's CVR-style card-reader SDK, compiled by the tests so the real
   ctypes adapter is exercised end to end. Text is GBK, as the real SDKs return it. */
#include <string.h>
static int card_present = 1;
static int put(char *buf, int *len, const char *s) { int n = (int)strlen(s); memcpy(buf, s, n); *len = n; return 1; }
int CVR_InitComm(int port) { return port == 1002 ? 1 : 0; }
int CVR_CloseComm(void) { return 1; }
int CVR_Authenticate(void) { return card_present; }
int CVR_Read_Content(int active) { return active == 1 ? 1 : 0; }
void test_remove_card(void) { card_present = 0; }
/* 张建国 / 男 / 汉 / 甘肃省兰州市 / 兰州市公安局 in GBK */
int GetPeopleName(char *b, int *l) { return put(b, l, "\xd5\xc5\xbd\xa8\xb9\xfa"); }
int GetPeopleSex(char *b, int *l) { return put(b, l, "\xc4\xd0"); }
int GetPeopleNation(char *b, int *l) { return put(b, l, "\xba\xba"); }
int GetPeopleBirthday(char *b, int *l) { return put(b, l, "19850312"); }
int GetPeopleAddress(char *b, int *l) { return put(b, l, "\xb8\xca\xcb\xe0\xca\xa1\xc0\xbc\xd6\xdd\xca\xd0"); }
int GetPeopleIDCode(char *b, int *l) { return put(b, l, "620102198503120419"); }
int GetDepartment(char *b, int *l) { return put(b, l, "\xc0\xbc\xd6\xdd\xca\xd0\xb9\xab\xb0\xb2\xbe\xd6"); }
int GetStartDate(char *b, int *l) { return put(b, l, "20150601"); }
int GetEndDate(char *b, int *l) { return put(b, l, "\xb3\xa4\xc6\xda"); }
